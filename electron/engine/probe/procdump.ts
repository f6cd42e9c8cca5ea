// One run of the native helper (`podlab-sockdiag --dump`, native/procdump.c) per model build reads every /proc fact of
// the running containers that pods/listed.ts and the direct probe need: ~3000 small syscalls at 100 pods, made one by
// one through Node's fs bindings, cost about three times what they cost in C. This module writes its request, runs it
// and parses its answer. The answer is trusted less than the kernel: anything malformed ends the parse, and only the
// containers completed before it are used; everything else is read from /proc by the JS readers as before.
import type { SocketFamily } from '../../../shared/procnet';
import { helperRuns } from './sockdiag';
import { CONTAINER_ID, containerLines, dumpHelper, startHelperRun, type HelperRun } from './dumprun';
import { NETNS_FILES } from './types';

/** The texts the dump carries of a sandbox: /etc/hostname, five /proc/<pid>/net files, sock_diag's LISTEN rows, its links. */
export type DumpText = 'hostname' | Exclude<SocketFamily, 'tcp' | 'tcp6'> | 'fib_trie' | 'route' | 'if_inet6' | 'tcp' | 'tcp6' | 'links';
const TEXTS = new Set<string>(['hostname', ...NETNS_FILES, 'tcp', 'tcp6', 'links']);
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

/** The request's text; null when it cannot be said safely (a cgroup path with a tab or newline, a malformed id). */
export function dumpRequestText(req: DumpRequest): string | null {
  const bad = (s: string): boolean => /[\t\n\0]/.test(s) || Buffer.byteLength(s) >= 512;
  if (req.around.length === 0 || req.around.length > 8 || req.around.some(([a, b]) => bad(a) || bad(b))) return null;
  const rest = containerLines(req.containers);
  return rest === null ? null : [...req.around.map(([a, b]) => `G ${a}\t${b}\n`), ...(req.host ? ['H\n'] : []), rest].join('');
}

/** A latin1-read text as the UTF-8 it was (printable ASCII, nearly every process name, is both already). */
const utf8 = (latin1: string): string => (!/[^\x20-\x7e]/.test(latin1) ? latin1 : Buffer.from(latin1, 'latin1').toString('utf8'));
const uint = (s: string | undefined): number | null => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : null);

const HEAD = '@@podlab-dump 1\n';

/**
 * Parses the helper's answer as it arrives, read as latin1 so that a blob's byte length is its length in characters:
 * each chunk is parsed once (the describer's part is ready at "Y" and the probe's part joins the same objects later).
 * A record cut off by a chunk's end waits for the next chunk. Anything malformed, or "Z", ends the parse: what is
 * complete so far is the answer. Each step consumes at least one character, so parsing ends on any input.
 */
export class ProcDumpParser {
  readonly dump: ProcDump = { uptimeMs: null, bootMs: null, hostLinks: null, containers: new Map(), described: false };
  private text = '';
  private at = 0;
  /** null until the head has been read; false when the answer is not a dump at all. */
  private headOk: boolean | null = null;
  private ended = false;
  private cur: DumpedContainer | null = null;
  private seen = false;
  /** After "Y": only "K" sections (what the probe needs of a container completed above) may follow. */
  private second = false;

  feed(chunk: string): void {
    if (this.ended) return;
    this.text = this.at > 0 ? this.text.slice(this.at) + chunk : this.text + chunk;
    this.at = 0;
    if (this.headOk === null) {
      if (this.text.length < HEAD.length && HEAD.startsWith(this.text)) return;
      this.headOk = this.text.startsWith(HEAD);
      if (!this.headOk) return void (this.ended = true);
      this.at = HEAD.length;
    }
    while (!this.ended && this.step());
  }

  /** The answer so far; null when it is not a dump. */
  result(): ProcDump | null {
    return this.headOk ? this.dump : null;
  }

  /** Parses one record; false when it is not all there yet, or the parse ended. */
  private step(): boolean {
    const out = this.text;
    const nl = out.indexOf('\n', this.at);
    if (nl < 0) return false;
    const f = out.slice(this.at, nl).split(' ');
    const tag = f[0];
    const dump = this.dump;
    if (tag === 'F' || tag === 'P') {
      // A blob follows: its length ends the line, then exactly that many bytes and a newline.
      const len = uint(f[f.length - 1]);
      if (len === null) return this.end();
      if (nl + 1 + len >= out.length) return false;
      if (out[nl + 1 + len] !== '\n') return this.end();
      const text = out.slice(nl + 1, nl + 1 + len);
      this.at = nl + len + 2;
      const cur = this.cur;
      if (tag === 'F') {
        if (f.length !== 3 || !TEXTS.has(f[1]!)) return this.end();
        if (!cur && !this.seen && f[1] === 'links') dump.hostLinks = text;
        // The hostname comes with the describer's part, the netns texts with the probe's.
        else if (cur?.sandbox && (f[1] === 'hostname') !== this.second) cur.texts[f[1] as DumpText] = f[1] === 'hostname' ? utf8(text) : text;
        else return this.end();
      } else {
        const [pid, ppid, start] = [uint(f[1]), uint(f[2]), uint(f[3])];
        if (!cur || this.second || f.length !== 5 || !pid || ppid === null || start === null) return this.end();
        cur.procs.push({ pid, ppid, start, comm: utf8(text), sockets: [] });
      }
      return true;
    }
    this.at = nl + 1;
    return this.second ? this.probePart(tag, f) : this.describerPart(tag, f);
  }

  /** The probe's part: "K <id>", each of its pids' sockets, a sandbox's netns texts (blobs), "E". */
  private probePart(tag: string | undefined, f: string[]): boolean {
    const cur = this.cur;
    const proc = tag === 'S' && cur ? cur.procs.find((p) => p.pid === uint(f[1])) : undefined;
    const inodes = f.slice(2).map(uint);
    if (tag === 'K' && !cur && f.length === 2 && this.dump.containers.has(f[1]!)) this.cur = this.dump.containers.get(f[1]!)!;
    else if (proc && inodes.every((n) => n !== null)) proc.sockets = inodes as number[];
    else if (tag === 'E' && cur) [cur.socketsRead, this.cur] = [true, null];
    else return this.end();
    return true;
  }

  private describerPart(tag: string | undefined, f: string[]): boolean {
    const dump = this.dump;
    const cur = this.cur;
    if (tag === 'T' && f.length === 3 && !this.seen) {
      const [up, boot] = [Number(f[1]), uint(f[2])];
      if (!Number.isFinite(up) || boot === null) return this.end();
      [dump.uptimeMs, dump.bootMs] = [up * 1000, boot * 1000];
    } else if (tag === 'Y' && !cur && f.length === 1) {
      [this.second, dump.described] = [true, true];
    } else if (tag === 'C' && !cur && f.length === 3 && CONTAINER_ID.test(f[1]!) && (f[2] === 's' || f[2] === 'a')) {
      this.cur = { id: f[1]!, sandbox: f[2] === 's', procs: [], main: 0, ns: {}, texts: {}, socketsRead: false };
      this.seen = true;
    } else if (tag === 'M' && cur && f.length === 2 && uint(f[1])) {
      cur.main = uint(f[1])!;
    } else if (tag === 'N' && cur && f.length === 3 && NS_KINDS.has(f[1]!)) {
      cur.ns[f[1] as keyof DumpedContainer['ns']] = f[2]!;
    } else if (tag === 'X' && cur) {
      this.cur = null;
    } else if (tag === 'E' && cur) {
      // A container counts only whole: its main pid one of its processes.
      if (cur.main > 0 && cur.procs.some((p) => p.pid === cur.main)) dump.containers.set(cur.id, cur);
      this.cur = null;
    } else {
      // "Z" (the end) or anything unknown: what is complete so far is the answer.
      return this.end();
    }
    return true;
  }

  private end(): false {
    this.ended = true;
    this.text = '';
    this.at = 0;
    return false;
  }
}

/** Parses a whole answer (see ProcDumpParser); null when it is not a dump at all. */
export function parseProcDump(out: string): ProcDump | null {
  const p = new ProcDumpParser();
  p.feed(out);
  return p.result();
}

/** Whether the dump may be used here: the helper is built, this process is root (setns), and PODLAB_PROC_DUMP is not 0. */
export function procDumpAvailable(): boolean {
  return dumpHelper() !== null;
}

/** A running dump: the describer's part (`described`, resolved at "Y"), and the whole (`done`, the same object with the netns texts added). */
export interface DumpRun {
  described: Promise<ProcDump | null>;
  done: Promise<ProcDump | null>;
}

/**
 * Runs the helper with this request; null when it cannot. Its answers are null when it could not run or said nothing
 * usable. The describer's part arrives before the sandboxes' netns texts, which the helper reads meanwhile.
 * `early`: a run started before the listing in the discover mode (probe/dumprun.ts), which already asked for the host's
 * interfaces and needs no cgroup layout: only the containers are written to it.
 */
export function runProcDump(req: DumpRequest, early: HelperRun | null = null): DumpRun | null {
  const helper = early ? null : dumpHelper();
  const rest = early ? containerLines(req.containers) : dumpRequestText(req);
  if (rest === null || (!early && !helper)) {
    early?.finish('');
    return null;
  }
  helperRuns.dump += 1;
  const run = early ?? startHelperRun(helper!);
  const parser = new ProcDumpParser();
  let tellFirst: (d: ProcDump | null) => void = () => undefined;
  const described = new Promise<ProcDump | null>((resolve) => (tellFirst = resolve));
  const done = new Promise<ProcDump | null>((resolve) => {
    let size = 0;
    run.read(
      (b) => {
        size += b.length;
        if (size > MAX_ANSWER) return run.kill();
        parser.feed(b.toString('latin1'));
        // "Y" ends the describer's part: it needs nothing of what follows.
        if (parser.dump.described) tellFirst(parser.dump);
      },
      (code) => resolve(code === 0 && size <= MAX_ANSWER ? parser.result() : null),
    );
    run.finish(rest);
  }).then((whole) => {
    tellFirst(whole?.described ? whole : null);
    helperRuns.dumped += whole?.containers.size ?? 0;
    // The describer holds the objects of the first part, and the probe's part was parsed into those same objects. A
    // helper that failed after "Y" still leaves the first part (the probe reads what it lacks from /proc).
    return whole ?? (parser.dump.described ? parser.dump : null);
  });
  return { described, done };
}
