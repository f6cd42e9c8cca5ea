// The one derivation of the model from gathered facts (facts/types.ts). Pure: no runtime, no /proc, no clock — a
// recorded fact set gives the same pod. The stages run in this order, each adding its findings beside what the
// earlier ones produced (none edits them); `combine` alone decides which finding a container or the pod shows.
import type { Conflict, ContainerModel, Model, PodEvent, PodModel } from '../../../shared/model';
import { hostPortConflicts, type HostPortFindings } from '../conflicts/hostports';
import { podPortConflicts, type PodPortFindings } from '../conflicts/podports';
import type { ModelFacts, PodFacts } from '../facts/types';
import { kubeletEvents } from '../kubelet/events';
import { restartState, type RestartFindings } from '../kubelet/state';
import type { ProbeFacts } from '../probe/types';
import { engineIdentity } from '../identity';
import { hostBridges, hostVeths } from './host';
import { assemblePod } from './pod';
import { byCodePoint } from '../../../shared/order';
import { msIso } from './apply';

/** What derivePod needs beside the pod's own facts: the probe's reading (shared by all pods), the clock, the back-off. */
export type DeriveContext = Pick<ModelFacts, 'probe' | 'at' | 'backoff'>;

/**
 * The stages, in order:
 * 1. runtime + kernel: containers, sandbox, netns, interfaces, sockets, phase (model/pod.ts)
 * 2. restarts: restartCount, CrashLoopBackOff, nextRestartAt, stranded containers, SandboxChanged (kubelet/state.ts)
 * 3. host ports: a sandbox that could not get its hostPort, and who holds it (conflicts/hostports.ts)
 * 4. pod ports: an app container that could not bind in the pod's netns, and who holds it (conflicts/podports.ts)
 * 5. combine: each container and the pod take the sharpest finding (below)
 * 6. events: what the kubelet and the scheduler would record, beside the events already known (kubelet/events.ts)
 */
export function derivePod(f: PodFacts, ctx: DeriveContext): PodModel {
  const base = assemblePod(f.raw, ctx.probe);
  const restarts = restartState(base, f.raw, ctx.backoff, ctx.at);
  const hostPorts = hostPortConflicts(base.name, f.raw.sandbox, f.hostPortHolders, ctx.at);
  const argvs = Object.fromEntries(f.raw.apps.map((a) => [a.id, [...a.command, ...a.args]]));
  const envs = Object.fromEntries(f.raw.apps.map((a) => [a.id, a.env]));
  const podPorts = podPortConflicts(base, f.logTails, argvs, ctx.at, envs);
  const pod = combine(base, restarts, hostPorts, podPorts);
  return { ...pod, events: mergeEvents(f.events, [...restarts.events, ...kubeletEvents(pod)]) };
}

/** A pod-port finding is sharper than the restart state, which is sharper than the runtime's plain state. */
function combine(base: PodModel, restarts: RestartFindings, hostPorts: HostPortFindings, podPorts: PodPortFindings): PodModel {
  const containers = base.containers.map((c): ContainerModel => {
    const r = restarts.containers.get(c.id);
    const v = podPorts.victims.get(c.name);
    const out: ContainerModel = { ...c, restartCount: r?.restartCount ?? c.restartCount };
    if (r?.nextRestartAt) out.nextRestartAt = r.nextRestartAt;
    out.reason = v?.reason ?? r?.reason ?? c.reason;
    out.message = v?.message ?? r?.message ?? c.message;
    out.why = v?.why ?? r?.why ?? c.why;
    return out;
  });
  const conflicts: Conflict[] = [...hostPorts.conflicts, ...podPorts.conflicts];
  const pending = hostPorts.pendingReason !== null;
  return {
    ...base,
    containers,
    conflicts,
    phase: pending ? 'Pending' : base.phase,
    reason: pending ? hostPorts.pendingReason : base.reason,
    why: pending ? hostPorts.pendingWhy : base.why,
  };
}

/** The whole model: every pod derived, and the host part (bridges, veths) beside them. */
export function deriveModel(facts: ModelFacts): Model {
  const pods = facts.pods.map((p) => derivePod(p, facts));
  return { ...hostPart(facts, pods), pods, connection: 'connected' };
}

/** The engine line and the host's bridges and veths, which the pods' veths are named against. */
export function hostPart(facts: Pick<ModelFacts, 'runtime' | 'probe' | 'networks'>, pods: PodModel[]): Pick<Model, 'engine' | 'host'> {
  const probe: ProbeFacts = facts.probe;
  const { endpoint, version, apiVersion, os, name, remote, kind } = facts.runtime;
  return {
    engine: { endpoint, version, apiVersion, os, probe: probe.path, ...(probe.error ? { probeError: probe.error } : {}), ...engineIdentity({ engineName: name, remote, kind }) },
    host: { bridges: hostBridges(facts.networks, probe.hostIfaces, pods, probe.path === 'direct'), veths: hostVeths(probe.hostIfaces, pods) },
  };
}

/** Derived events about one exit of a container: each attempt has at most one of each. */
const PER_EXIT = new Set(['BackOff', 'Failed']);

const eventKey = (e: PodEvent): string => `${e.at}|${e.reason}|${e.container ?? ''}`;

/**
 * The timeline a live model records: the pod's freshly derived events over those recorded before. A fresh event
 * replaces a recorded one with the same time, reason and container (its text may be sharper), and a fresh BackOff
 * or Failed replaces the recorded one about the same attempt of its container (since that attempt started): the
 * exit time moves when inspect replaces the engine's die event time (Docker's die event comes after its
 * network teardown, hundreds of ms after the exit), and the first one was derived before the cause was known.
 */
export function recordEvents(recorded: PodEvent[], pod: PodModel): PodEvent[] {
  const fresh = pod.events ?? [];
  const keys = new Set(fresh.map(eventKey));
  const started = new Map(pod.containers.map((c) => [c.name, msIso(c.startedAt)]));
  const redone = new Set(fresh.filter((e) => PER_EXIT.has(e.reason) && e.container).map((e) => `${e.reason}|${e.container}`));
  const sameAttempt = (e: PodEvent): boolean => {
    const since = e.container ? started.get(e.container) : null;
    return !!since && redone.has(`${e.reason}|${e.container}`) && byCodePoint(e.at, since) >= 0;
  };
  return mergeEvents(recorded.filter((e) => !keys.has(eventKey(e)) && !sameAttempt(e)), fresh);
}

/** Two event lists as one, in time order, without duplicates (same time, reason and container). */
export function mergeEvents(a: PodEvent[], b: PodEvent[]): PodEvent[] {
  const seen = new Set<string>();
  return [...a, ...b]
    .filter((e) => {
      const k = eventKey(e);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((x, y) => byCodePoint(x.at, y.at));
}
