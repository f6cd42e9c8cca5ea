// Finds the container a hands-on command (exec, logs, debug, prove) works on: only podlab's labelled containers,
// with kubectl's defaulting (the default-container annotation, else the first app container) and its errors.
import type { HandsApi } from '../runtime/hands';
import type { ContainerSummary } from '../runtime/runtime';
import { attemptOf, LABEL_CONTAINER, LABEL_EPHEMERAL, LABEL_POD, LABEL_UID, roleOf } from '../runtime/vocabulary';
import type { EngineConnection } from '../docker';
import { listPodlabContainers } from '../pods/guard';
import { containerOrderFromLabels } from '../pods/label-json';

/** Why a target could not be used; `exit` is the CLI exit code of PRODUCT.md §3 (2 unknown, 1 not running). */
export class HandsError extends Error {
  override name = 'HandsError';
  constructor(
    readonly code: 'unknown-pod' | 'unknown-container' | 'not-running' | 'no-previous' | 'unsupported',
    message: string,
    readonly choices: string[] = [],
  ) {
    super(message);
  }

  get exit(): number {
    return this.code === 'unknown-pod' || this.code === 'unknown-container' || this.code === 'no-previous' ? 2 : 1;
  }
}

/** The runtime's interactive part, or a HandsError saying this runtime has none. */
export function handsOf(conn: EngineConnection): HandsApi {
  const h = conn.runtime.hands;
  if (!h) throw new HandsError('unsupported', `this runtime (${conn.runtime.info.kind} at ${conn.endpoint}) offers no interactive exec, debug containers or raw logs`);
  return h;
}

/** One pod's containers as the runtime lists them (every attempt), grouped for the hands-on commands. */
export interface PodContainers {
  pod: string;
  /** The newest sandbox, or null. */
  sandbox: ContainerSummary | null;
  /** Every attempt of every app container, newest attempt first for each name. */
  attempts: Map<string, ContainerSummary[]>;
  /** App container names in manifest order (the first is kubectl's default). */
  appNames: string[];
  ephemerals: Map<string, ContainerSummary>;
  /** Init containers by name (newest first): reachable by `-c`, never a default (as kubectl logs/exec). */
  inits: Map<string, ContainerSummary[]>;
  /** The pod's default-container annotation, when it names one of its containers. */
  defaultName: string | null;
}

const newer = (a: ContainerSummary, b: ContainerSummary): number => attemptOf(b) - attemptOf(a) || b.created - a.created;

/** The pod's containers from one listing (no inspect: exec must start as fast as `docker exec`). */
export async function podContainers(conn: EngineConnection, pod: string): Promise<PodContainers> {
  const list = await listPodlabContainers(conn.runtime, pod);
  const sandbox = list.filter((c) => roleOf(c.labels) === 'sandbox').sort(newer)[0] ?? null;
  // A pod re-created under the same name keeps nothing of the old uid.
  const uid = sandbox?.labels[LABEL_UID];
  const mine = list.filter((c) => !uid || c.labels[LABEL_UID] === uid);
  const attempts = new Map<string, ContainerSummary[]>();
  for (const c of mine.filter((x) => roleOf(x.labels) === 'app')) {
    const name = c.labels[LABEL_CONTAINER] ?? c.id;
    attempts.set(name, [...(attempts.get(name) ?? []), c]);
  }
  for (const cs of attempts.values()) cs.sort(newer);
  const inits = new Map<string, ContainerSummary[]>();
  for (const c of mine.filter((x) => roleOf(x.labels) === 'init')) {
    const name = c.labels[LABEL_CONTAINER] ?? c.id;
    inits.set(name, [...(inits.get(name) ?? []), c].sort(newer));
  }
  const { names: order, defaultName: annotated } = containerOrderFromLabels(sandbox?.labels);
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  const appNames = [...attempts.keys()].sort((a, b) => rank(a) - rank(b) || attempts.get(a)![0]!.created - attempts.get(b)![0]!.created);
  const ephemerals = new Map(mine.filter((c) => roleOf(c.labels) === 'ephemeral').map((c) => [c.labels[LABEL_EPHEMERAL] ?? c.id, c] as const));
  const defaultName = annotated && attempts.has(annotated) ? annotated : null;
  return { pod, sandbox, attempts, appNames, ephemerals, inits, defaultName };
}

export interface Target {
  pods: PodContainers;
  name: string;
  role: 'app' | 'ephemeral' | 'init';
  /** The current (newest) attempt. */
  container: ContainerSummary;
  /** True when -c was not given and the pod has several containers (kubectl then says which it chose). */
  defaulted: boolean;
}

export function choicesOf(p: PodContainers): string[] {
  return [...p.appNames, ...p.ephemerals.keys()];
}

/** The container `name` of the pod (kubectl's default when undefined); throws HandsError for an unknown pod/container. */
export async function findTarget(conn: EngineConnection, pod: string, name: string | undefined): Promise<Target> {
  const p = await podContainers(conn, pod);
  if (!p.sandbox && p.attempts.size === 0 && p.ephemerals.size === 0) {
    const others = [...new Set((await listPodlabContainers(conn.runtime)).map((c) => c.labels[LABEL_POD]!))].sort();
    throw new HandsError('unknown-pod', `no pod named "${pod}"${others.length ? `; podlab's pods: ${others.join(', ')}` : ' (podlab has no pods: launch one with podlab launch web-sidecar)'}`, others);
  }
  const chosen = name ?? p.defaultName ?? p.appNames[0];
  const app = chosen !== undefined ? p.attempts.get(chosen)?.[0] : undefined;
  const eph = chosen !== undefined ? p.ephemerals.get(chosen) : undefined;
  // An init container only when named (`logs -c writer`, the app's panel of an init row).
  const init = name !== undefined && !app && !eph ? p.inits.get(name)?.[0] : undefined;
  if (init && name !== undefined) return { pods: p, name, role: 'init', container: init, defaulted: false };
  if (chosen === undefined || (!app && !eph)) {
    const choices = choicesOf(p);
    const what = chosen === undefined ? `pod ${pod} has no containers` : `pod ${pod} has no container "${chosen}"`;
    // As kubectl: the init containers are named apart (they are reached by name only).
    const inits = p.inits.size ? ` or one of the init containers: ${[...p.inits.keys()].join(', ')}` : '';
    throw new HandsError('unknown-container', `${what}; choose one of: ${choices.join(', ') || '(none)'}${inits}`, choices);
  }
  return { pods: p, name: chosen, role: app ? 'app' : 'ephemeral', container: (app ?? eph)!, defaulted: name === undefined && choicesOf(p).length > 1 };
}
