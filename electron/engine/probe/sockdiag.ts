// The LISTEN TCP sockets of many netns in one run of the native helper (native/sockdiag.c, built into
// out/native/ by `npm run build` when a C compiler exists). Each /proc/<pid>/net/tcp{,6} read walks the kernel's whole
// established-socket hash (~5 ms a file here, per netns); sock_diag asked for LISTEN only does not. Without the helper,
// or for a netns it cannot enter, the tables are read from /proc as before. With --links it also lists each netns's
// interfaces (and with --host the host's) from one netlink dump, where sysfs takes six reads an interface.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SysIface, TcpTables } from './types';

const HELPER = 'podlab-sockdiag';
/** /proc/net/tcp's header line: the shared parser skips a table's first line. */
export const TCP_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

let found: string | null | undefined;

/** out/native/podlab-sockdiag, looked for from this module's folder upwards (out/cli, out/main, or the sources). */
export function sockdiagHelper(): string | null {
  if (found !== undefined) return found;
  found = null;
  if (process.platform !== 'linux') return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !found; i++, dir = dirname(dir)) {
    found = [join(dir, 'native', HELPER), join(dir, 'out', 'native', HELPER)].find((p) => existsSync(p)) ?? null;
  }
  return found;
}

/** Parses the helper's output: per pid its tcp and tcp6 texts, or nothing for a pid it reported an error for. */
export function parseSockdiag(out: string): Map<number, TcpTables> {
  const tables = new Map<number, { tcp: string; tcp6: string | null; failed: boolean }>();
  let cur: { t: { tcp: string; tcp6: string | null }; fam: 'tcp' | 'tcp6' } | null = null;
  for (const line of out.split('\n')) {
    const head = /^@@ (\d+) (tcp6?|error|links)\b/.exec(line);
    if (head?.[2] === 'links') {
      cur = null;
    } else if (head) {
      const pid = Number(head[1]);
      const t = tables.get(pid) ?? { tcp: TCP_HEADER, tcp6: null, failed: false };
      tables.set(pid, t);
      if (head[2] === 'error') {
        t.failed = true;
        cur = null;
      } else {
        cur = { t, fam: head[2] as 'tcp' | 'tcp6' };
        if (cur.fam === 'tcp6') t.tcp6 = TCP_HEADER;
      }
    } else if (cur && line) {
      cur.t[cur.fam] += line + '\n';
    }
  }
  const res = new Map<number, TcpTables>();
  for (const [pid, t] of tables) if (!t.failed) res.set(pid, [t.tcp, t.tcp6]);
  return res;
}

/** The kernel's IF_OPER_* numbers as sysfs's operstate names them. */
const OPERSTATES = ['unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up'];

/** One `--links` row: an interface (its master still an ifindex), or null when the line is not one. */
function linkRow(line: string): { iface: SysIface; master: number } | null {
  const m = /^(\d+) (\d+) (\d+) (\d+) (\d+) (\S+) (.+)$/.exec(line);
  if (!m) return null;
  const iface = { name: m[7]!, ifindex: Number(m[1]), iflink: Number(m[2]), mtu: Number(m[3]), mac: m[6] === '-' ? null : m[6]!, operstate: OPERSTATES[Number(m[4])] ?? 'unknown', master: null };
  return { iface, master: Number(m[5]) };
}

/** A netns's interfaces from its rows, masters named, by ifindex. */
function namedLinks(list: { iface: SysIface; master: number }[]): SysIface[] {
  const names = new Map(list.map((l) => [l.iface.ifindex, l.iface.name]));
  return list.map((l) => ({ ...l.iface, master: names.get(l.master) ?? null })).sort((a, b) => a.ifindex - b.ifindex);
}

/** The interfaces of one `--links` section's rows (the dump's "links" texts). */
export function parseLinkRows(text: string): SysIface[] {
  return namedLinks(text.split('\n').flatMap((l) => linkRow(l) ?? []));
}

/** Parses the helper's `--links` sections: per pid (0: the host) its interfaces as sysfs would show them. */
export function parseSockdiagLinks(out: string): Map<number, SysIface[]> {
  const raw = new Map<number, { iface: SysIface; master: number }[]>();
  const failed = new Set<number>();
  let cur: { iface: SysIface; master: number }[] | null = null;
  for (const line of out.split('\n')) {
    const head = /^@@ (\d+) (\S+)/.exec(line);
    if (head) {
      cur = head[2] === 'links' ? [] : null;
      if (cur) raw.set(Number(head[1]), cur);
      if (head[2] === 'error') failed.add(Number(head[1]));
      continue;
    }
    const row = cur && linkRow(line);
    if (row) cur!.push(row);
  }
  const res = new Map<number, SysIface[]>();
  for (const [pid, list] of raw) if (!failed.has(pid)) res.set(pid, namedLinks(list));
  return res;
}

/** Runs of the helper in this process: `--dump` ones, the containers they completed, the others (tests count spawns). */
export const helperRuns = { dump: 0, dumped: 0, other: 0 };

/** Runs the helper; its output, or null when it failed as a whole. */
function runHelper(helper: string, args: string[]): Promise<string | null> {
  helperRuns.other += 1;
  return new Promise((resolve) => {
    execFile(helper, args, { timeout: 10_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => resolve(err ? null : stdout));
  });
}

/** Starts reading the host's interfaces with one helper run (before any netns is entered); null when there is no helper. */
export function readHostLinksNative(): Promise<SysIface[] | null> | null {
  const helper = sockdiagHelper();
  return helper ? runHelper(helper, ['--links', '--host']).then((out) => (out === null ? null : (parseSockdiagLinks(out).get(0) ?? null))) : null;
}

/**
 * Starts reading these netns's TCP tables and interfaces with one helper run; null when there is no helper. A pid
 * missing from an answer is for the caller to read from /proc and /sys.
 */
export function readNetnsNative(pids: number[]): Promise<{ tables: Map<number, TcpTables>; links: Map<number, SysIface[]> }> | null {
  const helper = sockdiagHelper();
  if (!helper || pids.length === 0) return null;
  return runHelper(helper, ['--links', ...pids.map(String)]).then((out) => ({ tables: out === null ? new Map() : parseSockdiag(out), links: out === null ? new Map() : parseSockdiagLinks(out) }));
}

/**
 * Starts reading these netns's TCP tables (LISTEN rows) with one helper run; null when there is no helper. A pid
 * missing from the answer (the helper could not enter its netns, or failed as a whole) is for the caller to read from /proc.
 */
export function readTcpTablesNative(pids: number[]): Promise<Map<number, TcpTables>> | null {
  const helper = sockdiagHelper();
  if (!helper || pids.length === 0) return null;
  return runHelper(helper, pids.map(String)).then((out) => (out === null ? new Map() : parseSockdiag(out)));
}
