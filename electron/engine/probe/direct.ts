// The direct probe: reads /proc and /sys of this machine (root, or anyone allowed to ptrace the engine's processes).
// Reads are synchronous on purpose: these are small kernel-made files, and an async read costs four thread-pool round
// trips (open, stat, read, close) each.
// fs.promises, not node:fs/promises: its module (and readline's, which it loads) loads on the first async read, not
// with every command that bundles this file (~1 ms of `ls`).
import { closeSync, openSync, promises as fsp, readdirSync, readlinkSync, readSync } from 'node:fs';
import { containerIdFromCgroup, socketInode } from '../../../shared/procnet';
import { readHostLinksNative, readNetnsNative, readTcpTablesNative } from './sockdiag';
import { NETNS_FILES, type NetnsFacts, type ProbeFacts, type ProbeRequest, type ProcFacts, type SysIface, type TcpTables } from './types';
import { netnsFromDump, procsFromDump } from './dumped';
import type { DumpedContainer } from './procdump';

/** Every read of these walks the kernel's whole TCP hash table (~2 ms each on a 24 GiB machine): read them in the thread pool, side by side. */
const TCP_TABLES = ['tcp', 'tcp6'] as const;

const CHUNK = 64 * 1024;
const scratch = Buffer.allocUnsafe(CHUNK);

/**
 * A /proc or /sys file's text, read until a short read. These files are generated on each read(): a short read is
 * their end (seq_file fills the whole buffer unless it runs out), and the usual extra read that returns 0 is not free —
 * every read of /proc/<pid>/net/tcp walks the kernel's whole TCP hash table (~2 ms on a 24 GiB machine).
 */
function text(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    // Nearly every file fits one read into the shared scratch buffer (reads here are synchronous: nothing interleaves).
    const chunks: Buffer[] = [];
    for (let i = 0; i < 256; i += 1) {
      const n = readSync(fd, scratch, 0, CHUNK, null);
      if (n < CHUNK && i === 0) return scratch.toString('utf8', 0, n);
      chunks.push(Buffer.from(scratch.subarray(0, n)));
      if (n < CHUNK) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** `text`, in the thread pool. */
async function textAsync(path: string): Promise<string | null> {
  const fh = await fsp.open(path, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const chunks: Buffer[] = [];
    for (let i = 0; i < 256; i += 1) {
      const { bytesRead, buffer } = await fh.read(Buffer.allocUnsafe(CHUNK), 0, CHUNK, null);
      chunks.push(buffer.subarray(0, bytesRead));
      if (bytesRead < CHUNK) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

function link(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function list(dir: string): string[] | null {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
}

/**
 * Lists the interfaces of the netns whose sysfs is mounted at `dir` (e.g. /proc/<pid>/root/sys/class/net). `host`:
 * the host's, of which the model uses only the names, indexes, peers, bridges and MACs — not MTU and state: two reads
 * fewer for each of the host's (often hundreds of) interfaces.
 */
function sysIfaces(dir: string, host = false): SysIface[] {
  const out = (list(dir) ?? []).map((name): SysIface | null => {
    const d = `${dir}/${name}`;
    const ifindex = text(`${d}/ifindex`);
    if (ifindex == null) return null;
    // The host's veths: the model uses their index, peer and bridge, never their MAC (one read fewer for each).
    const [iflink, mac, master] = [text(`${d}/iflink`), host && name.startsWith('veth') ? null : text(`${d}/address`), link(`${d}/master`)];
    const [mtu, operstate] = host ? [null, null] : [text(`${d}/mtu`), text(`${d}/operstate`)];
    return {
      name,
      ifindex: Number(ifindex),
      iflink: Number(iflink ?? ifindex),
      mtu: Number(mtu ?? 0),
      mac: mac?.trim() || null,
      operstate: operstate?.trim() ?? 'unknown',
      master: master ? master.split('/').pop() ?? null : null,
    };
  });
  return out.filter((x): x is SysIface => x != null).sort((a, b) => a.ifindex - b.ifindex);
}

/** A netns's facts but its interfaces (read with the helper's, or from its sysfs: `withIfaces`). */
function netnsOf(pid: number): NetnsFacts {
  const [net, ipc, uts, pidns] = (['net', 'ipc', 'uts', 'pid'] as const).map((ns) => link(`/proc/${pid}/ns/${ns}`));
  const ifaces: SysIface[] = [];
  const files = NETNS_FILES.map((f) => text(`/proc/${pid}/net/${f}`));
  const facts: NetnsFacts = { pid, links: { net, ipc, uts, pid: pidns }, ifaces, files: {} };
  NETNS_FILES.forEach((f, i) => {
    const t = files[i];
    if (t != null) facts.files[f] = t;
  });
  return facts;
}

/** The cgroup directories of a pid (v2, or v1 pids/systemd), from its /proc/<pid>/cgroup; null when unreadable. */
export function cgroupDirs(pid: number): string[] | null {
  const cg = text(`/proc/${pid}/cgroup`);
  if (!cg) return null;
  const out: string[] = [];
  for (const line of cg.split('\n')) {
    const [, ctrl, path] = line.split(':');
    if (path === undefined || path === '/') continue;
    const base = ctrl === '' ? '/sys/fs/cgroup' : ctrl === 'pids' ? '/sys/fs/cgroup/pids' : ctrl === 'name=systemd' ? '/sys/fs/cgroup/systemd' : null;
    if (base) out.push(`${base}${path}`);
  }
  return out;
}

/** The pids listed in a cgroup directory's cgroup.procs, null when it cannot be read. */
export function cgroupProcs(dir: string): string[] | null {
  const procs = text(`${dir}/cgroup.procs`);
  return procs == null ? null : procs.split('\n').filter((x) => /^\d+$/.test(x));
}

/** The pids in a container's cgroup, found from its main pid's /proc/<pid>/cgroup (unless `known` has them). */
function cgroupPids(mainPid: number, known?: Map<number, string[]>): string[] | null {
  const given = known?.get(mainPid);
  if (given) return given;
  for (const dir of cgroupDirs(mainPid) ?? []) {
    const pids = cgroupProcs(dir);
    if (pids != null) return pids;
  }
  return null;
}

/** Every pid in /proc (when a container's cgroup cannot be read). */
function allPids(): string[] {
  return (list('/proc') ?? []).filter((n) => /^\d+$/.test(n));
}

/** The process (command name and socket inodes) of a pid known to belong to a container. */
function processOf(p: string, id: string): ProcFacts {
  const comm = (text(`/proc/${p}/comm`) ?? '').trim();
  const links = (list(`/proc/${p}/fd`) ?? []).map((fd) => link(`/proc/${p}/fd/${fd}`));
  const sockets = links.map((l) => (l ? socketInode(l) : null)).filter((n): n is number => n != null);
  return { pid: Number(p), containerId: id, comm, sockets };
}

/**
 * Finds the processes of the given containers, and the socket inodes each holds open. A container whose cgroup
 * process list is readable (the usual case) owns exactly the pids listed there: each pid's own cgroup is not read again.
 * Only without it are the pids of all of /proc told apart by their cgroup.
 */
function podProcesses(ids: string[], mainPids: Record<string, number> = {}, known?: Map<number, string[]>, dumped?: Map<number, DumpedContainer>): ProcFacts[] {
  if (ids.length === 0) return [];
  const out: ProcFacts[] = [];
  const seen = new Set<string>();
  const unknown = new Set<string>();
  for (const id of ids) {
    // Read by the native dump already: nothing of it is read again.
    const d = mainPids[id] ? dumped?.get(mainPids[id]) : undefined;
    const fromDump = d?.id === id ? procsFromDump(d) : null;
    if (fromDump) {
      for (const p of fromDump.filter((x) => !seen.has(String(x.pid)))) {
        seen.add(String(p.pid));
        out.push(p);
      }
      continue;
    }
    const pids = mainPids[id] ? cgroupPids(mainPids[id], known) : null;
    if (!pids) unknown.add(id);
    for (const p of pids ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(processOf(p, id));
    }
  }
  if (unknown.size === 0) return out;
  for (const p of allPids()) {
    if (seen.has(p)) continue;
    const cg = text(`/proc/${p}/cgroup`);
    const id = cg ? containerIdFromCgroup(cg) : null;
    if (id && unknown.has(id)) out.push(processOf(p, id));
  }
  return out;
}

/** A netns's TCP tables from /proc, in the thread pool. */
function procTcpTables(pid: number): Promise<TcpTables> {
  const [tcp, tcp6] = TCP_TABLES.map((f) => textAsync(`/proc/${pid}/net/${f}`));
  return Promise.all([tcp, tcp6]);
}

/**
 * Starts reading these netns's TCP tables: all in one run of the sock_diag helper when it is built (probe/sockdiag.ts),
 * else — or for a netns it could not enter — from /proc. A caller may start them before it knows the rest.
 */
export function startTcpTablesOf(pids: number[]): Map<number, Promise<TcpTables>> {
  const native = readTcpTablesNative(pids);
  return new Map(pids.map((pid) => [pid, native ? native.then((m) => m.get(pid) ?? procTcpTables(pid)) : procTcpTables(pid)]));
}

/** The host's interfaces as the model reads them (sysIfaces(…, true)): no MTU, state, or veth MAC. */
export const hostView = (i: SysIface): SysIface => ({ ...i, mtu: 0, operstate: 'unknown', mac: i.name.startsWith('veth') ? null : i.mac });

/**
 * Starts reading the host's interfaces: with one run of the native helper (a netlink dump, in another process), else
 * from sysfs (four files an interface, hundreds on a busy host) once the event loop has sent what the caller asked the
 * engine for. Either way the reads overlap the engine's answer.
 */
export function startHostIfaces(): Promise<SysIface[]> {
  const viaSys = (): Promise<SysIface[]> => new Promise((resolve) => setImmediate(() => resolve(sysIfaces('/sys/class/net', true))));
  const native = readHostLinksNative();
  return native ? native.then((l) => (l ? l.map(hostView) : viaSys())) : viaSys();
}

export function startTcpTables(pid: number): Promise<TcpTables> {
  return startTcpTablesOf([pid]).get(pid)!;
}

export async function probeDirect(req: ProbeRequest): Promise<ProbeFacts> {
  // hrtime, not performance.now(): the global `performance` loads perf_hooks (~1 ms) for a number.
  const t0 = process.hrtime.bigint();
  const hostRead = req.hostIfaces ?? startHostIfaces();
  // The netns the native dump read whole (pods/listed.ts ran it) are taken from it; the rest are read here.
  const dumped = new Map(req.sandboxPids.flatMap((pid) => {
    const n = netnsFromDump(req.dumped?.get(pid));
    return n ? [[pid, n] as const] : [];
  }));
  const rest = req.sandboxPids.filter((pid) => !dumped.has(pid));
  // The netns without early tables: their tables and interfaces in one helper run (else /proc and sysfs).
  const todo = rest.filter((pid) => !req.tcpTables?.has(pid));
  const native = readNetnsNative(todo);
  const started = new Map(todo.map((pid) => [pid, native ? native.then((n) => n.tables.get(pid) ?? procTcpTables(pid)) : procTcpTables(pid)]));
  const tcpTables = rest.map((pid) => req.tcpTables?.get(pid) ?? started.get(pid)!);
  const netns = rest.map(netnsOf);
  const nsOf = (p: number, kind: 'net' | 'uts'): string | null => {
    const d = req.dumped?.get(p);
    return d ? (d.ns[kind] ?? null) : link(`/proc/${p}/ns/${kind}`);
  };
  const nsNet = req.appPids.map((p) => [p, nsOf(p, 'net')] as const);
  const nsUts = req.appPids.map((p) => [p, nsOf(p, 'uts')] as const);
  const procs = podProcesses(req.containerIds, req.mainPids, req.cgroupPids, req.dumped);
  const links = native ? (await native).links : new Map<number, SysIface[]>();
  for (const n of netns) n.ifaces = links.get(n.pid) ?? sysIfaces(`/proc/${n.pid}/root/sys/class/net`);
  (await Promise.all(tcpTables)).forEach((tables, i) =>
    TCP_TABLES.forEach((f, j) => {
      if (tables[j] != null) netns[i].files[f] = tables[j];
    }),
  );
  const hostIfaces = await hostRead;
  const read = new Map(netns.map((n) => [n.pid, n]));
  return {
    path: 'direct',
    hostIfaces,
    // In the request's order, as before the dump.
    netns: new Map(req.sandboxPids.map((pid) => [pid, dumped.get(pid) ?? read.get(pid)!])),
    nsNet: new Map(nsNet),
    nsUts: new Map(nsUts),
    procs,
    ms: Number(process.hrtime.bigint() - t0) / 1e6,
  };
}

/** Can this process read the engine's namespaces directly? `pid`/`id`: a running container to check against. */
export async function canProbeDirect(sample?: { pid: number; id: string }): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  if (sample && sample.pid > 0) {
    const [ns, cg] = [link(`/proc/${sample.pid}/ns/net`), text(`/proc/${sample.pid}/cgroup`)];
    // The cgroup check proves the engine's pids are ours (not a VM's or a remote host's).
    return ns != null && cg != null && cg.includes(sample.id);
  }
  // No process to check against: root may read /proc (pid 1 itself may be shielded, so it proves nothing).
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export { text as kernelText };
