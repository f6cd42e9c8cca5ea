// A running app container's status from the one container listing and this machine's /proc, without an inspect
// (one engine request per container was most of `ls` and `snapshot` at 100 pods). What comes from where:
//   listing: id, name, image, labels, state, health ("Up 5 minutes (healthy)"), the sandbox it joined (NetworkMode);
//   cgroup:  its main pid — of the pids in its cgroup, the one whose parent is outside it (the runtime's shim), the
//            earliest started when `exec`s are running beside it; its cgroup is found from the sandbox's, by id;
//   /proc:   startedAt = its main process's start (10 ms clock ticks; the engine's own time is within a few ms);
//   Docker:  hostname = the sandbox's (Docker copies it into a container joined to another's network), no runtime
//            restarts (podlab never sets a restart policy), no exit code or error while it runs.
// Everything else is still inspected (see `describable`): sandboxes (network, ports, pid, exact creation time),
// containers that are not running (exit code, OOMKilled, start error, finish time, the argv a port guess reads),
// init and ephemeral containers, and every container of Podman, a CRI runtime or a remote engine. Command, args,
// env, user, workingDir, tty and the joined PID namespace are left empty: only a container that failed (inspected)
// is ever read for them.
import type { ContainerStatus, ContainerSummary, SandboxStatus } from '../runtime/runtime';
import { cgroupDirs, cgroupProcs, kernelText } from '../probe/direct';
import { roleOf } from './guard';
import { statusWith } from '../runtime/status-defaults';

/** Describes a listed container without asking the runtime, or null when it must be inspected. */
export type ListedDescriber = (c: ContainerSummary, sandbox: SandboxStatus | null) => ContainerStatus | null;

/** Whether a listed container may be described from the listing at all (before any /proc read). */
function describable(c: ContainerSummary, sandbox: SandboxStatus | null): sandbox is SandboxStatus {
  return (
    c.state === 'running' &&
    roleOf(c.labels) === 'app' &&
    c.statusText !== undefined &&
    !!sandbox &&
    sandbox.state === 'running' &&
    sandbox.pid > 0 &&
    c.joinedNetwork === sandbox.id
  );
}

/** "Up 3 minutes (healthy)" → healthy; "(health: starting)" → starting; none → undefined. */
export function healthOfStatus(status: string): string | undefined {
  const m = /\((healthy|unhealthy|health: starting)\)\s*$/.exec(status);
  return m ? (m[1] === 'health: starting' ? 'starting' : m[1]) : undefined;
}

/** A process's parent pid and start (clock ticks since boot) from /proc/<pid>/stat; null when it is gone. */
export function parseStat(stat: string): { ppid: number; start: number } | null {
  // The command name (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(rest[1]);
  const start = Number(rest[19]);
  return Number.isFinite(ppid) && Number.isFinite(start) && rest.length > 19 ? { ppid, start } : null;
}

/** Of a cgroup's processes, the container's main one: its parent is outside the cgroup; the earliest started wins. */
export function mainProcess(procs: { pid: number; ppid: number; start: number }[]): { pid: number; start: number } | null {
  const inside = new Set(procs.map((p) => p.pid));
  const roots = procs.filter((p) => !inside.has(p.ppid)).sort((a, b) => a.start - b.start || a.pid - b.pid);
  return roots[0] ?? null;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The describer for one model build (this machine's processes must be the engine's: the caller checks that it is a
 * local Docker engine). Boot time is read once; each sandbox's cgroup once.
 */
export function listedDescriber(): ListedDescriber {
  let bootMs: number | null = null;
  const sandboxCgroups = new Map<string, string[] | null>();
  const cgroupsOf = (sandbox: SandboxStatus): string[] | null => {
    if (!sandboxCgroups.has(sandbox.id)) {
      // Only the directories that name the sandbox's id (this proves the pid is the engine's, as the probe's check does).
      const dirs = cgroupDirs(sandbox.pid)?.filter((d) => d.includes(sandbox.id)) ?? [];
      sandboxCgroups.set(sandbox.id, dirs.length ? dirs : null);
    }
    return sandboxCgroups.get(sandbox.id) ?? null;
  };
  return (c, sandbox) => {
    if (!describable(c, sandbox)) return null;
    const dirs = cgroupsOf(sandbox);
    const pids = dirs?.map((d) => cgroupProcs(d.split(sandbox.id).join(c.id))).find((p) => p != null && p.length > 0);
    if (!pids) return null;
    const procs = pids.flatMap((p) => {
      const s = parseStat(kernelText(`/proc/${p}/stat`) ?? '');
      return s ? [{ pid: Number(p), ...s }] : [];
    });
    const main = mainProcess(procs);
    if (!main) return null;
    bootMs ??= Date.now() - Number((kernelText('/proc/uptime') ?? '0').split(' ')[0]) * 1000;
    const health = healthOfStatus(c.statusText ?? '');
    return statusWith({
      id: c.id,
      name: c.name,
      image: c.image,
      labels: c.labels,
      state: 'running',
      pid: main.pid,
      createdAt: new Date(c.created * 1000).toISOString(),
      startedAt: new Date(Math.round(bootMs + (main.start * 1000) / CLOCK_TICKS_PER_SECOND)).toISOString(),
      hostname: sandbox.hostname,
      joined: { network: sandbox.id, pid: null },
      ...(health ? { health } : {}),
    });
  };
}
