// The kernel facts of pods: which way /proc can be read here (detected once per connection, against a running
// container), and one probe run for many pods.
import type { ProbePath } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import type { RawPod } from '../pods/discover';
import { listRunningContainers } from '../pods/guard';
import { chooseProbe, runProbe, type ProbeRequest } from '../probe';
import type { ProbeFacts } from '../probe/types';
import type { BridgeNetwork, ContainerStatus } from '../runtime/runtime';

export const chosen = new WeakMap<EngineConnection, ProbePath>();

/** The probe path for this connection, detected once (against a running sandbox when there is one). */
export async function probePathFor(conn: EngineConnection, raws: RawPod[] = []): Promise<ProbePath> {
  const known = chosen.get(conn);
  if (known) return known;
  const s = raws.find((r) => r.sandbox?.state === 'running')?.sandbox;
  let sample = s ? { pid: s.pid, id: s.id } : await anyRunningContainer(conn);
  let path = await chooseProbe(conn, sample ?? undefined);
  // A sample that exited during the check (a crashing container) fails it for everyone: check another (bounded).
  for (let i = 0; i < 3 && path !== 'direct' && sample && !(await stillRunning(conn, sample)); i++) {
    sample = await anyRunningContainer(conn);
    path = await chooseProbe(conn, sample ?? undefined);
  }
  // Only a choice checked against a real container process is kept (without one, "direct" is a guess).
  if (path !== 'none' && sample && (path === 'direct' || (await stillRunning(conn, sample)))) chosen.set(conn, path);
  return path;
}

/** Whether the sample's process still runs (a failed /proc check against a dead pid proves nothing). */
async function stillRunning(conn: EngineConnection, sample: { pid: number; id: string }): Promise<boolean> {
  const info = await conn.runtime.containers.status(sample.id).catch(() => null);
  return info?.state === 'running' && info.pid === sample.pid;
}

/** Any running container of the engine (podlab's or not) to check /proc access against. */
async function anyRunningContainer(conn: EngineConnection): Promise<{ pid: number; id: string } | null> {
  try {
    const [c] = await listRunningContainers(conn.runtime, 1);
    const info = c ? await conn.runtime.containers.status(c.id) : null;
    return info && info.pid > 0 ? { pid: info.pid, id: info.id } : null;
  } catch {
    return null;
  }
}

/** Forget the detected probe path (after a reconnect the engine may be another one). */
export function resetProbePath(conn: EngineConnection): void {
  chosen.delete(conn);
}

/** Reads the kernel facts for these pods in one probe (one helper run on the helper path). */
export async function probePods(conn: EngineConnection, raws: RawPod[], early: Pick<ProbeRequest, 'tcpTables' | 'hostIfaces' | 'cgroupPids'> & { dumped?: Promise<ProbeRequest['dumped']> } = {}, plain: { pid: number; id: string }[] = []): Promise<ProbeFacts> {
  const path = await probePathFor(conn, raws);
  const running = <T extends ContainerStatus>(c: T | null): c is T => !!c && c.state === 'running' && c.pid > 0;
  const sandboxes = raws.map((r) => r.sandbox).filter(running);
  const apps = raws.flatMap((r) => [...r.apps, ...(r.ephemerals ?? [])]).filter(running);
  // A container outside any pod (plain/) holds its own netns, like a sandbox: its netns and processes are read as one.
  const own = [...sandboxes, ...plain];
  return runProbe(conn, path, {
    sandboxPids: own.map((s) => s.pid),
    appPids: apps.map((a) => a.pid),
    containerIds: [...own, ...apps].map((c) => c.id),
    mainPids: Object.fromEntries([...own, ...apps].map((c) => [c.id, c.pid])),
    ...early,
    dumped: await early.dumped,
  });
}

export async function listBridgeNetworks(conn: EngineConnection): Promise<BridgeNetwork[]> {
  return conn.runtime.bridges().catch((): BridgeNetwork[] => []);
}

