// Builds the one network model from inspect, /proc and /sys probes (owner: live model, issue 3).
import type { NetworkInspectInfo } from 'dockerode';
import type { Model, PodEvent, ProbePath } from '../../../shared/model';
import { detectConflicts } from '../conflicts/detect';
import { recentPodEvents } from '../events/recent';
import type { EngineConnection } from '../docker';
import { discoverPodByIds, discoverPods, type LaunchedPod, type RawPod } from '../pods/discover';
import { chooseProbe, runProbe, startTcpTables, type ProbeRequest } from '../probe';
import type { ProbeFacts } from '../probe/types';
import { hostBridges, hostVeths } from './host';
import { assemblePod } from './pod';
import { plainProbeTargets } from '../plain/assemble';
import { discoverPlain } from '../plain/discover';
import { withPlainContainers } from '../plain/model';

export interface BuildOptions {
  /** Only these pods (by name). */
  pods?: string[];
  /** Replay the named pods' recent engine events (default true); a launch result does not need them. */
  events?: boolean;
  /** What a launch that just started the one pod in `pods` knows: its containers (no listing needed) and sandbox pid. */
  launched?: LaunchedPod;
  /** Also read the containers outside any pod (default: only for a model of every pod). */
  plain?: boolean;
}


const chosen = new WeakMap<EngineConnection, ProbePath>();

/** The probe path for this connection, detected once (against a running sandbox when there is one). */
export async function probePathFor(conn: EngineConnection, raws: RawPod[] = []): Promise<ProbePath> {
  const known = chosen.get(conn);
  if (known) return known;
  const s = raws.find((r) => r.sandbox?.State.Running)?.sandbox;
  let sample = s ? { pid: s.State.Pid, id: s.Id } : await anyRunningContainer(conn);
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
  try {
    const info = await conn.docker.getContainer(sample.id).inspect();
    return info.State.Running && info.State.Pid === sample.pid;
  } catch {
    return false;
  }
}

/** Any running container of the engine (podlab's or not) to check /proc access against. */
async function anyRunningContainer(conn: EngineConnection): Promise<{ pid: number; id: string } | null> {
  try {
    const [c] = await conn.docker.listContainers({ limit: 1 });
    if (!c) return null;
    const info = await conn.docker.getContainer(c.Id).inspect();
    return info.State.Pid > 0 ? { pid: info.State.Pid, id: info.Id } : null;
  } catch {
    return null;
  }
}

/** Forget the detected probe path (after a reconnect the engine may be another one). */
export function resetProbePath(conn: EngineConnection): void {
  chosen.delete(conn);
}

/** Reads the kernel facts for these pods in one probe (one helper run on the helper path). */
export async function probePods(conn: EngineConnection, raws: RawPod[], tcpTables?: ProbeRequest['tcpTables'], plain: { pid: number; id: string }[] = []): Promise<ProbeFacts> {
  const path = await probePathFor(conn, raws);
  const running = (c: { State: { Running: boolean; Pid: number } } | null): boolean => !!c && c.State.Running && c.State.Pid > 0;
  const sandboxes = raws.map((r) => r.sandbox).filter(running);
  const apps = raws.flatMap((r) => r.apps).filter(running);
  // A container outside any pod holds its own netns, like a sandbox: read it as one (plain/assemble.ts).
  return runProbe(conn, path, {
    sandboxPids: [...sandboxes.map((s) => s!.State.Pid), ...plain.map((c) => c.pid)],
    appPids: apps.map((a) => a.State.Pid),
    containerIds: [...sandboxes, ...apps].map((c) => c!.Id).concat(plain.map((c) => c.id)),
    mainPids: Object.fromEntries([...sandboxes, ...apps].map((c) => [c!.Id, c!.State.Pid]).concat(plain.map((c) => [c.id, c.pid]))),
    tcpTables,
  });
}

export async function listBridgeNetworks(conn: EngineConnection): Promise<NetworkInspectInfo[]> {
  return conn.docker.listNetworks({ filters: { driver: ['bridge'] } }).catch((): NetworkInspectInfo[] => []);
}

/** Assembles a model from already discovered pods and their facts, then lets detectConflicts explain failures. */
export async function assembleModel(conn: EngineConnection, raws: RawPod[], facts: ProbeFacts, networks: NetworkInspectInfo[]): Promise<Model> {
  const pods = raws.map((r) => assemblePod(r, facts));
  const model: Model = {
    engine: { endpoint: conn.endpoint, version: conn.version, apiVersion: conn.apiVersion, os: conn.os, probe: facts.path },
    host: { bridges: hostBridges(networks, facts.hostIfaces, pods, facts.path === 'direct'), veths: hostVeths(facts.hostIfaces, pods) },
    pods,
    connection: 'connected',
  };
  if (facts.error) model.engine.probeError = facts.error;
  await detectConflicts(conn, model, raws);
  return model;
}

export async function buildModel(conn: EngineConnection, opts: BuildOptions = {}): Promise<Model> {
  return (await buildModelAndPods(conn, opts)).model;
}

/** buildModel, also handing over the pods as discovered (a snapshot reads their manifests from them). */
export async function buildModelAndPods(conn: EngineConnection, opts: BuildOptions = {}): Promise<{ model: Model; raws: RawPod[] }> {
  // A launched pod's sandbox pid is known: its TCP tables (the slow part of a probe) are read while the engine answers.
  const pid = opts.launched?.sandboxPid ?? 0;
  const tcpTables = pid > 0 && chosen.get(conn) !== 'helper' ? new Map([[pid, startTcpTables(pid)]]) : undefined;
  const withPlain = opts.plain ?? !opts.pods;
  const [raws, networks, events, plainRaws] = await Promise.all([
    opts.launched && opts.pods?.length === 1 ? discoverPodByIds(conn.docker, opts.pods[0], opts.launched.ids).then((p) => [p]) : discoverPods(conn.docker, opts.pods),
    listBridgeNetworks(conn),
    // Named pods (inspect) also get their recent events, replayed by the engine.
    opts.pods?.length && opts.events !== false ? recentPodEvents(conn, opts.pods).catch(() => new Map<string, PodEvent[]>()) : Promise.resolve(new Map<string, PodEvent[]>()),
    withPlain ? discoverPlain(conn.docker) : Promise.resolve([]),
  ]);
  const facts = await probePods(conn, raws, tcpTables, plainProbeTargets(plainRaws));
  const model = await assembleModel(conn, raws, facts, networks);
  if (withPlain) withPlainContainers(model, plainRaws, facts, networks);
  // Keep what detectConflicts added (SandboxChanged) beside the engine's replayed events, in time order.
  for (const p of model.pods) p.events = mergeEvents(events.get(p.name) ?? [], p.events ?? []);
  return { model, raws };
}

/** Two event lists as one, in time order, without duplicates (same time, reason and container). */
export function mergeEvents(a: PodEvent[], b: PodEvent[]): PodEvent[] {
  const seen = new Set<string>();
  return [...a, ...b]
    .filter((e) => {
      const k = `${e.at}|${e.reason}|${e.container ?? ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((x, y) => x.at.localeCompare(y.at));
}
