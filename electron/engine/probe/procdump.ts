// One run of the native helper (`podlab-sockdiag --dump`, native/procdump.c) per model build reads every /proc fact of
// the running containers that pods/listed.ts and the direct probe need: ~3000 small syscalls at 100 pods, made one by
// one through Node's fs bindings, cost about three times what they cost in C. This module writes its request, runs it
// and parses its answer. The answer is trusted less than the kernel: anything malformed ends the parse, and only the
// containers completed before it are used; everything else is read from /proc by the JS readers as before.
import { spawn } from 'node:child_process';
import type { SocketFamily } from '../../../shared/procnet';
import { helperRuns, sockdiagHelper } from './sockdiag';

/** The texts the dump carries of a sandbox: /etc/hostname, five /proc/<pid>/net files, sock_diag's LISTEN rows, its links. */
export type DumpText = 'hostname' | Exclude<SocketFamily, 'tcp' | 'tcp6'> | 'fib_trie' | 'route' | 'if_inet6' | 'tcp' | 'tcp6' | 'links';
const TEXTS = new Set<string>(['hostname', 'udp', 'udp6', 'fib_trie', 'route', 'if_inet6', 'tcp', 'tcp6', 'links']);
const NS_KINDS = new Set<string>(['net', 'uts', 'ipc', 'pid']);

export interface DumpedProc {
  pid: number;
  ppid: number;
  /** Start, in clock ticks since boot. */
  start: number;
  comm: string;
  /** Socket inodes it holds. */
  sockets: number[];
}

/** One running container as the helper read it: its cgroup's processes, its main pid's namespaces, a sandbox's texts. */
export interface DumpedContainer {
  id: string;
  sandbox: boolean;
  procs: DumpedProc[];
  main: number;
  ns: Partial<Record<'net' | 'uts' | 'ipc' | 'pid', string>>;
  texts: Partial<Record<DumpText, string>>;
  /** Whether its processes' sockets were read (the probe's part of the answer, after the describer's). */
  socketsRead: boolean;
}

export interface ProcDump {
  /** /proc/uptime and /proc/stat's btime at the dump, null when it did not say. */
  uptimeMs: number | null;
  bootMs: number | null;
  /** The host's interfaces in `--links` row format, when asked for and read. */
  hostLinks: string | null;
  /** Only the containers the helper completed. */
  containers: Map<string, DumpedContainer>;
  /** Whether the describer's part is all there ("Y"): the sandboxes' netns texts follow it. */
  described: boolean;
}

export interface DumpRequest {
  /** The cgroup directories around a container id (pods/listed.ts learns them). */
  around: [string, string][];
  containers: { id: string; sandbox: boolean }[];
  /** Also list the host's interfaces. */
  host: boolean;
}

/** At most this much answer is read (a helper gone wrong must not fill memory). */
const MAX_ANSWER = 64 * 1024 * 1024;
const ID = /^[0-9a-f]{12,64}$/;

/** The request's text; null when it cannot be said safely (a cgroup path with a tab or newline, a malformed id). */
export function dumpRequestText(req: DumpRequest): string | null {
  const bad = (s: string): boolean => /[\t\n\0]/.test(s) || Buffer.byteLength(s) >= 512;
  if (req.around.length === 0 || req.around.length > 8 || req.around.some(([a, b]) => bad(a) || bad(b))) return null;
  if (req.containers.some((c) => !ID.test(c.id))) return null;
  const lines = [...req.around.map(([a, b]) => `G ${a}\t${b}`), ...(req.host ? ['H'] : []), ...req.containers.map((c) => `${c.sandbox ? 's' : 'a'} ${c.id}`)];
  return lines.join('\n') + '\n';
}

const utf8 = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('utf8');
const uint = (s: string | undefined): number | null => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : null);

/**
 * Parses the helper's answer, read as latin1 so that a blob's byte length is its length in characters. Returns null
 * when it is not a dump at all. Each step consumes at least one character, so the loop ends on any input.
 */
export function parseProcDump(out: string): ProcDump | null {
  const HEAD = '@@podlab-dump 1\n';
  if (!out.startsWith(HEAD)) return null;
  const dump: ProcDump = { uptimeMs: null, bootMs: null, hostLinks: null, containers: new Map(), described: false };
  let at = HEAD.length;
  let cur: DumpedContainer | null = null;
  let seen = false;
  /** After "Y": only "K" sections (what the probe needs of a container completed above) may follow. */
  let second = false;
  for (;;) {
    const nl = out.indexOf('\n', at);
    if (nl < 0) return dump;
    const f = out.slice(at, nl).split(' ');
    at = nl + 1;
    const tag = f[0];
    if (tag === 'F' || tag === 'P') {
      // A blob follows: its length ends the line, then exactly that many bytes and a newline.
      const len = uint(f[f.length - 1]);
      if (len === null || at + len >= out.length || out[at + len] !== '\n') return dump;
      const text = out.slice(at, at + len);
      at += len + 1;
      if (tag === 'F') {
        if (f.length !== 3 || !TEXTS.has(f[1]!)) return dump;
        if (!cur && !seen && f[1] === 'links') dump.hostLinks = text;
        // The hostname comes with the describer's part, the netns texts with the probe's.
        else if (cur?.sandbox && (f[1] === 'hostname') !== second) cur.texts[f[1] as DumpText] = f[1] === 'hostname' ? utf8(text) : text;
        else return dump;
      } else {
        const [pid, ppid, start] = [uint(f[1]), uint(f[2]), uint(f[3])];
        if (!cur || second || f.length !== 5 || !pid || ppid === null || start === null) return dump;
        cur.procs.push({ pid, ppid, start, comm: utf8(text), sockets: [] });
      }
      continue;
    }
    if (second) {
      // The probe's part: "K <id>", each of its pids' sockets, a sandbox's netns texts (above), "E".
      const proc = tag === 'S' && cur ? cur.procs.find((p) => p.pid === uint(f[1])) : undefined;
      const inodes = f.slice(2).map(uint);
      if (tag === 'K' && !cur && f.length === 2 && dump.containers.has(f[1]!)) cur = dump.containers.get(f[1]!)!;
      else if (proc && inodes.every((n) => n !== null)) proc.sockets = inodes as number[];
      else if (tag === 'E' && cur) [cur.socketsRead, cur] = [true, null];
      else return dump;
    } else if (tag === 'T' && f.length === 3 && !seen) {
      const [up, boot] = [Number(f[1]), uint(f[2])];
      if (!Number.isFinite(up) || boot === null) return dump;
      [dump.uptimeMs, dump.bootMs] = [up * 1000, boot * 1000];
    } else if (tag === 'Y' && !cur && f.length === 1) {
      [second, dump.described] = [true, true];
    } else if (tag === 'C' && !cur && f.length === 3 && ID.test(f[1]!) && (f[2] === 's' || f[2] === 'a')) {
      cur = { id: f[1]!, sandbox: f[2] === 's', procs: [], main: 0, ns: {}, texts: {}, socketsRead: false };
      seen = true;
    } else if (tag === 'M' && cur && f.length === 2 && uint(f[1])) {
      cur.main = uint(f[1])!;
    } else if (tag === 'N' && cur && f.length === 3 && NS_KINDS.has(f[1]!)) {
      cur.ns[f[1] as keyof DumpedContainer['ns']] = f[2]!;
    } else if (tag === 'X' && cur) {
      cur = null;
    } else if (tag === 'E' && cur) {
      // A container counts only whole: its main pid one of its processes.
      if (cur.main > 0 && cur.procs.some((p) => p.pid === cur!.main)) dump.containers.set(cur.id, cur);
      cur = null;
    } else {
      // "Z" (the end) or anything unknown: what is complete so far is the answer.
      return dump;
    }
  }
}

/** Whether the dump may be used here: the helper is built, this process is root (setns), and PODLAB_PROC_DUMP is not 0. */
export function procDumpAvailable(): boolean {
  return process.env.PODLAB_PROC_DUMP !== '0' && process.getuid?.() === 0 && sockdiagHelper() !== null;
}

/** A running dump: the describer's part (`described`, resolved at "Y"), and the whole (`done`, the same object with the netns texts added). */
export interface DumpRun {
  described: Promise<ProcDump | null>;
  done: Promise<ProcDump | null>;
}

/**
 * Runs the helper with this request; null when it cannot. Its answers are null when it could not run or said nothing
 * usable. The describer's part arrives before the sandboxes' netns texts, which the helper reads meanwhile.
 */
export function runProcDump(req: DumpRequest): DumpRun | null {
  const helper = sockdiagHelper();
  const input = dumpRequestText(req);
  if (!helper || input === null) return null;
  helperRuns.dump += 1;
  let first: ProcDump | null = null;
  let tellFirst: (d: ProcDump | null) => void = () => undefined;
  const described = new Promise<ProcDump | null>((resolve) => (tellFirst = resolve));
  const done = new Promise<ProcDump | null>((resolve) => {
    const child = spawn(helper, ['--dump'], { stdio: ['pipe', 'pipe', 'ignore'], timeout: 10_000 });
    const chunks: Buffer[] = [];
    let size = 0;
    let tail = Buffer.alloc(0);
    // A "\nY\n" inside a blob (a process named Y) is no marker: the parse says so. A few tries, then the whole answer.
    let tries = 8;
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_ANSWER) return void child.kill();
      chunks.push(b);
      // "Y" ends the describer's part: it needs nothing of what follows (the marker may span two chunks).
      const seen = Buffer.concat([tail, b]);
      tail = seen.subarray(-2);
      if (!first && tries > 0 && seen.includes('\nY\n')) {
        tries -= 1;
        const d = parseProcDump(Buffer.concat(chunks).toString('latin1'));
        if (d?.described) tellFirst((first = d));
      }
    });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code === 0 && size <= MAX_ANSWER ? parseProcDump(Buffer.concat(chunks).toString('latin1')) : null));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  }).then((whole) => {
    tellFirst(whole?.described ? whole : null);
    helperRuns.dumped += whole?.containers.size ?? 0;
    if (!first || !whole) return first ?? whole;
    // The describer holds the first part's objects: the probe's part (sockets, netns texts) joins them there.
    for (const [id, c] of first.containers) {
      const w = whole.containers.get(id);
      if (w) Object.assign(c, { texts: { ...c.texts, ...w.texts }, procs: w.procs, socketsRead: w.socketsRead });
    }
    return first;
  });
  return { described, done };
}
