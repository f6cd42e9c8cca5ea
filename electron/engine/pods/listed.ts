// A running container's status from the one container listing and this machine's /proc, without an inspect (one
// engine request per container was most of `ls` and `snapshot` at 100 pods). What comes from where:
//   listing: id, name, image, labels, state, health ("Up 5 minutes (healthy)"), the sandbox an app joined
//            (NetworkMode), a sandbox's address on its network, creation time (to the second);
//   cgroup:  the main pid — of the pids in its cgroup, the one whose parent is outside it (the runtime's shim), the
//            earliest started when `exec`s run beside it; where cgroups live is learnt from one inspected container;
//   /proc:   startedAt = the main process's start, counted from the boot time the kernel keeps to the second (as `ps`
//            does: the same answer on every read, so two snapshots of a quiet pod are equal). It forks before the
//            engine records the start (by up to ~0.3 s under load): within about a second of the engine's own time.
//            A sandbox's hostname is the /etc/hostname Docker wrote for it; an app's is its sandbox's (Docker copies
//            it into a container joined to another's network);
//   Docker:  no runtime restarts (podlab never sets a restart policy), no exit code or error while it runs.
// Everything else is still inspected (see `describable…` and YOUNG_MS): a container started less than 3 s ago, a
// sandbox that publishes host ports (what it asked for, not what the listing shows), containers that are not running
// (exit code, OOMKilled, start error, finish time, the argv a port guess reads), init and ephemeral containers, and
// every container of Podman, a CRI runtime or a remote engine. Command, args, env, user, workingDir, tty and the
// joined PID namespace are left empty: only a container that failed (inspected) is ever read for them.
import type { ContainerStatus, ContainerSummary, SandboxStatus } from '../runtime/runtime';
import { cgroupDirs, cgroupProcs, hostView, kernelText, startHostIfaces } from '../probe/direct';
import { runProcDump, type DumpedContainer, type ProcDump } from '../probe/procdump';
import { dumpEntry, earlyDumpWaiting, takeEarlyDump } from '../probe/dumprun';
import { trace } from '../trace';
import { parseLinkRows } from '../probe/sockdiag';
import type { SysIface } from '../probe/types';
import { roleOf } from './guard';
import { statusWith } from '../runtime/status-defaults';
import { parseStat } from '../probe/stat';

/** Describes listed containers without asking the runtime, once it has learnt where cgroups live. */
export interface ListedDescriber {
  /**
   * Whether it knows where the runtime puts a container's cgroup (`learn` from one inspected running container), or
   * needs not know: a dump started before the listing found the cgroups itself (probe/dumprun.ts).
   */
  readonly ready: boolean;
  learn(c: ContainerStatus): void;
  /** The pids of each described container's cgroup, by its main pid (the probe need not read them again). */
  readonly cgroupPids: Map<number, string[]>;
  /** Whether it reads /proc with one native dump (then the caller does not read the host's interfaces early). */
  readonly native: boolean;
  /**
   * Runs the native dump for these listed containers (once it is `ready`): what `sandbox` and `app` then describe from
   * it lands in `dumped`, for the probe. Without it, or for a container it could not read, they read /proc themselves.
   */
  prefetch(list: ContainerSummary[]): Promise<void>;
  /**
   * What the dump read of each container described from it (and `adopt`ed), by main pid, once the helper has also read
   * the sandboxes' netns texts (after the describer's part: meanwhile the pods are described).
   */
  dumped(): Promise<Map<number, DumpedContainer>>;
  /** Hands the dump of an inspected running container to the probe too, when the dump's main pid is the runtime's. */
  adopt(c: ContainerStatus): void;
  /** The host's interfaces from the dump, or read now when it did not run (only when `native`; else undefined). */
  hostIfaces(): Promise<SysIface[]> | undefined;
  /** A running sandbox without host ports, or null when it must be inspected. */
  sandbox(c: ContainerSummary): SandboxStatus | null;
  /** A running app joined to this sandbox, or null when it must be inspected. */
  app(c: ContainerSummary, sandbox: SandboxStatus | null): ContainerStatus | null;
}

/** Whether a listed app container may be described from the listing at all (before any /proc read). */
function describableApp(c: ContainerSummary, sandbox: SandboxStatus | null): sandbox is SandboxStatus {
  return c.state === 'running' && roleOf(c.labels) === 'app' && c.statusText !== undefined && !!sandbox && sandbox.state === 'running' && sandbox.pid > 0 && c.joinedNetwork === sandbox.id;
}

/** A sandbox whose listing shows host ports is inspected: the listing shows bindings as made (twice with IPv6), not as asked. */
function describableSandbox(c: ContainerSummary): boolean {
  return c.state === 'running' && roleOf(c.labels) === 'sandbox' && c.statusText !== undefined && c.network !== undefined && c.ports.length === 0;
}

/** "Up 3 minutes (healthy)" → healthy; "(health: starting)" → starting; none → undefined. */
export function healthOfStatus(status: string): string | undefined {
  const m = /\((healthy|unhealthy|health: starting)\)\s*$/.exec(status);
  return m ? (m[1] === 'health: starting' ? 'starting' : m[1]) : undefined;
}

/** A process of a container's cgroup: its parent and start (clock ticks since boot). */
type CgroupProc = { pid: number; ppid: number; start: number };

/** Of a cgroup's processes, the container's main one: its parent is outside the cgroup; the earliest started wins. */
export function mainProcess(procs: CgroupProc[]): { pid: number; start: number } | null {
  const inside = new Set(procs.map((p) => p.pid));
  const roots = procs.filter((p) => !inside.has(p.ppid)).sort((a, b) => a.start - b.start || a.pid - b.pid);
  return roots[0] ?? null;
}

const CLOCK_TICKS_PER_SECOND = 100;
/**
 * A container younger than this is inspected: its exact start feeds the kubelet's timing (initialDelaySeconds,
 * back-off, how long it ran), and the fork-to-record gap is a large part of a young container's age.
 */
const YOUNG_MS = 3000;

/** Milliseconds since boot, from /proc/uptime. */
const uptimeNowMs = (): number => Number((kernelText('/proc/uptime') ?? '0').split(' ')[0]) * 1000;

/** The boot time from /proc/stat's btime (whole seconds: stable, where now − uptime moves by its 10 ms steps). */
function bootTimeMs(): number {
  const m = /^btime (\d+)$/m.exec(kernelText('/proc/stat') ?? '');
  return m ? Number(m[1]) * 1000 : Date.now() - uptimeNowMs();
}

/** A dumped container's cgroup processes and main one, when its main pid is the one the rule picks (else /proc is read instead). */
function dumpedProcs(d: DumpedContainer | undefined): { procs: CgroupProc[]; main: { pid: number; start: number } } | null {
  const main = d ? mainProcess(d.procs) : null;
  return d && main?.pid === d.main ? { procs: d.procs, main } : null;
}

/**
 * The describer for one model build (this machine's processes must be the engine's: the caller checks that it is a
 * local Docker engine). Boot time is read once. `native`: read /proc with one native dump (probe/procdump.ts) where
 * it can; the caller checks procDumpAvailable().
 */
export function listedDescriber(opts: { native?: boolean } = {}): ListedDescriber {
  let bootMs: number | null = null;
  let uptimeMs: number | null = null;
  /** The cgroup directories of a container, around its id: learnt from a container whose pid the runtime told. */
  let around: [string, string][] | null = null;
  let dump: ProcDump | null = null;
  let whole: Promise<unknown> = Promise.resolve();
  let ran = false;
  const cgroupPids = new Map<number, string[]>();
  const dumped = new Map<number, DumpedContainer>();
  /** The cgroup's processes of a running container and its main one: from the dump, else from /proc. */
  const processes = (c: ContainerSummary): { pids: string[]; main: { pid: number; start: number } | null } | null => {
    const d = dumpedProcs(dump?.containers.get(c.id));
    if (d) return { pids: d.procs.map((p) => String(p.pid)), main: d.main };
    const pids = around?.map(([pre, post]) => cgroupProcs(`${pre}${c.id}${post}`)).find((p) => p != null && p.length > 0);
    if (!pids) return null;
    const procs = pids.flatMap((p): CgroupProc[] => {
      const s = parseStat(kernelText(`/proc/${p}/stat`) ?? '');
      return s ? [{ pid: Number(p), ...s }] : [];
    });
    return { pids, main: mainProcess(procs) };
  };
  const young = (start: number): boolean => {
    uptimeMs ??= dump?.uptimeMs ?? uptimeNowMs();
    return uptimeMs - (start * 1000) / CLOCK_TICKS_PER_SECOND < YOUNG_MS;
  };
  const running = (c: ContainerSummary): { pid: number; startedAt: string } | null => {
    const found = processes(c);
    const main = found?.main;
    if (!found || !main || young(main.start)) return null;
    cgroupPids.set(main.pid, found.pids);
    const d = dump?.containers.get(c.id);
    if (d?.main === main.pid) dumped.set(main.pid, d);
    bootMs ??= dump?.bootMs ?? bootTimeMs();
    return { pid: main.pid, startedAt: new Date(Math.round(bootMs + (main.start * 1000) / CLOCK_TICKS_PER_SECOND)).toISOString() };
  };
  const base = (c: ContainerSummary, hostname: string, joined: string | null, main: { pid: number; startedAt: string }): ContainerStatus => {
    const health = healthOfStatus(c.statusText ?? '');
    return statusWith({
      id: c.id,
      name: c.name,
      image: c.image,
      labels: c.labels,
      state: 'running',
      createdAt: new Date(c.created * 1000).toISOString(),
      hostname,
      joined: { network: joined, pid: null },
      ...main,
      ...(health ? { health } : {}),
    });
  };
  return {
    cgroupPids,
    dumped: () => whole.then(() => dumped),
    native: opts.native === true,
    async prefetch(list) {
      if (!opts.native || ran) return;
      // A run the CLI started before the listing (probe/dumprun.ts) needs no cgroup layout: it found the cgroups itself.
      const early = takeEarlyDump();
      if (!around && !early) return;
      ran = true;
      // Running apps and sandboxes: those `sandbox` and `app` describe, and the inspected sandboxes (the one that taught
      // `around`, those with host ports), whose netns the probe then takes from the dump too (see adopt).
      const containers = list.flatMap((c) => dumpEntry(c.id, c.state, c.labels) ?? []);
      if (early) trace('proc dump started early, taken');
      const run = containers.length || early ? runProcDump({ around: around ?? [], containers, host: true }, early) : null;
      if (!run) return;
      whole = run.done;
      dump = await run.described;
    },
    adopt(c) {
      const d = dump?.containers.get(c.id);
      // Not a young one: like a young container's status, its /proc facts are read as late as they can be.
      const main = dumpedProcs(d)?.main;
      if (d && main && c.state === 'running' && c.pid === d.main && !young(main.start)) dumped.set(d.main, d);
    },
    hostIfaces() {
      if (!opts.native) return undefined;
      return dump?.hostLinks != null ? Promise.resolve(parseLinkRows(dump.hostLinks).map(hostView)) : startHostIfaces();
    },
    get ready() {
      // An early run needs no layout; a container it did not read is inspected (its status then teaches nothing more).
      return around !== null || (opts.native === true && !ran && earlyDumpWaiting());
    },
    learn(c) {
      // Only directories that name the container's id: this also proves its pid is the engine's (as the probe checks).
      const dirs = c.pid > 0 ? (cgroupDirs(c.pid)?.filter((d) => d.includes(c.id)) ?? []) : [];
      if (dirs.length) around = dirs.map((d) => [d.slice(0, d.indexOf(c.id)), d.slice(d.indexOf(c.id) + c.id.length)]);
    },
    sandbox(c) {
      if (!describableSandbox(c)) return null;
      const main = running(c);
      // What Docker wrote to the sandbox's /etc/hostname is its Config.Hostname.
      const d = main ? dumped.get(main.pid) : undefined;
      const hostname = main && (d ? d.texts.hostname : kernelText(`/proc/${main.pid}/root/etc/hostname`))?.trim();
      if (!main || !hostname) return null;
      return { ...base(c, hostname, null, main), ports: [], network: c.network ?? null, netnsPath: null };
    },
    app(c, sandbox) {
      if (!describableApp(c, sandbox)) return null;
      const main = running(c);
      return main && base(c, sandbox.hostname, sandbox.id, main);
    },
  };
}
