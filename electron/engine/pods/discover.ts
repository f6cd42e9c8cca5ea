// Rediscovers podlab's pods from the runtime by their io.podlab.* labels.
import type { PodSpec } from '../../../shared/manifest/types';
import type { ContainerStatus, ContainerSummary, Runtime, SandboxStatus } from '../runtime/runtime';
import { attemptOf, LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../runtime/vocabulary';
import { hasPodlabMarks, isPodlabContainer, listPodlabContainers, roleOf } from './guard';
import { firstSandbox, stampsOf } from './race';
import { containerSpecFromLabels, podSpecFromLabels, specReader, type SpecReader } from './spec';
import { LABEL_INIT_INDEX } from './names';
import type { ListedDescriber } from './listed';
import { trace } from '../trace';
import { byCodePoint } from '../../../shared/order';

export interface RawPod {
  name: string;
  /** The newest sandbox (highest attempt), or null when only app containers are left. */
  sandbox: SandboxStatus | null;
  /** The newest container (highest attempt) for each app container name, in manifest order. */
  apps: ContainerStatus[];
  /** The manifest podlab launched (stored on the sandbox's io.podlab.manifest label), when known. */
  spec: PodSpec | null;
  /** false for a pod podlab only observes (a kubelet's: ./observed.ts); podlab's own pods leave it out. */
  managed?: false;
  /** Its Kubernetes namespace when not "default" (observed pods). */
  namespace?: string;
  /** Ephemeral (debug) containers, oldest first. */
  ephemerals?: ContainerStatus[];
  /** The newest attempt of each plain init container (role init), in spec order. */
  inits?: ContainerStatus[];
  /** Network readinessProbe answers by container id, gathered while the model is built (model/readiness.ts). */
  readiness?: Map<string, boolean>;
  /** livenessProbe answers by container id, probed once by a one-shot model (model/liveness.ts). */
  liveness?: Map<string, boolean>;
}

/** A container's name in its pod: its io.podlab.container label, else its runtime name. */
export function containerNameOf(c: { labels: Record<string, string>; name: string }): string {
  return c.labels[LABEL_CONTAINER] ?? c.name;
}

/** Newer first: higher attempt, then later creation. */
function newer(a: ContainerSummary, b: ContainerSummary): number {
  return attemptOf(b) - attemptOf(a) || b.created - a.created;
}

/** Inspects containers, leaving out those removed between listing and inspecting (or that cannot be read now). */
async function statusAll(rt: Runtime, ids: { id: string; sandbox: boolean }[]): Promise<(SandboxStatus | ContainerStatus)[]> {
  const out = await Promise.all(ids.map(({ id, sandbox }) => (sandbox ? rt.sandboxes.status(id) : rt.containers.status(id)).catch(() => null)));
  return out.filter((c) => c !== null);
}

/**
 * Lists podlab's containers (label io.podlab.pod) and groups them by pod; `only` limits to those pod names.
 * `describe`: reads the containers it can from the listing instead of inspecting them (./listed.ts).
 */
export async function discoverPods(rt: Runtime, only?: string[], describe?: ListedDescriber): Promise<RawPod[]> {
  const list = await listPodlabContainers(rt, only?.length === 1 ? only[0] : undefined);
  const byPod = new Map<string, ContainerSummary[]>();
  for (const c of list) {
    const pod = c.labels[LABEL_POD]!;
    if (only && !only.includes(pod)) continue;
    byPod.set(pod, [...(byPod.get(pod) ?? []), c]);
  }
  const grouped = [...byPod.values()].flat();
  const known = describe && !describe.ready ? await teach(rt, describe, grouped) : new Map<string, SandboxStatus>();
  const specOf = specReader();
  // One native read of every running container's /proc facts, before any is described (probe/procdump.ts). The
  // sandbox `teach` inspected is adopted with its pod's, in rawPod.
  if (describe) {
    const reading = describe.prefetch(grouped);
    // While the helper reads /proc (on another core), the manifests stored on the sandboxes are read and checked:
    // every pod needs its own next, and this work does not depend on /proc.
    for (const c of grouped) if (roleOf(c.labels) === 'sandbox') specOf(c.labels);
    await reading;
    trace('proc dump read');
  }
  const pods = await Promise.all([...byPod.entries()].map(([name, containers]) => rawPod(rt, name, containers, describe, known, specOf)));
  return pods.sort((a, b) => byCodePoint(a.name, b.name));
}

/** Inspects one running sandbox so that the describer learns where cgroups live; the status is kept for its pod. */
async function teach(rt: Runtime, describe: ListedDescriber, list: ContainerSummary[]): Promise<Map<string, SandboxStatus>> {
  const sample = list.find((c) => c.state === 'running' && roleOf(c.labels) === 'sandbox');
  const status = sample ? await rt.sandboxes.status(sample.id).catch(() => null) : null;
  if (status) describe.learn(status);
  return new Map(status ? [[status.id, status]] : []);
}

/**
 * Two launches of one name at the same moment leave, for a short while, two sandboxes with different uids: the pod
 * is the one whose sandbox the runtime created first (the loser is removing its containers, see race.ts).
 */
async function ownerContainers(rt: Runtime, containers: ContainerSummary[]): Promise<ContainerSummary[]> {
  const sandboxes = containers.filter((c) => roleOf(c.labels) === 'sandbox');
  if (new Set(sandboxes.map((c) => c.labels[LABEL_UID] ?? '')).size <= 1) return containers;
  const first = firstSandbox(await stampsOf(rt, sandboxes.map((c) => c.id)));
  return first ? containers.filter((c) => (c.labels[LABEL_UID] ?? '') === first.uid) : containers;
}

/** What a launch knows of the pod it just started. */
export interface LaunchedPod {
  /** All of its containers. */
  ids: string[];
  /** Which of them is the sandbox. */
  sandboxId: string;
  /** The sandbox's host pid, 0 when unknown. */
  sandboxPid: number;
}

/**
 * The pod made of exactly these containers (a launch that just created them): read directly, without a listing.
 * Containers that are not podlab's containers of `name` are left out. `sandboxId`, when known, is read as the sandbox
 * at once.
 */
export async function discoverPodByIds(rt: Runtime, name: string, ids: string[], sandboxId?: string): Promise<RawPod> {
  const ours = (c: ContainerStatus): boolean => isPodlabContainer(c.labels, name) && hasPodlabMarks(c.labels, c.name);
  if (sandboxId) return rawPodOf(name, (await statusAll(rt, ids.map((id) => ({ id, sandbox: id === sandboxId })))).filter(ours));
  const read = (await statusAll(rt, ids.map((id) => ({ id, sandbox: false })))).filter(ours);
  // The sandbox's network is read as a sandbox's (one more read: a runtime may keep sandboxes apart from containers).
  const sandboxes = await statusAll(rt, read.filter((c) => roleOf(c.labels) === 'sandbox').map((c) => ({ id: c.id, sandbox: true })));
  return rawPodOf(name, [...sandboxes, ...read.filter((c) => roleOf(c.labels) !== 'sandbox')]);
}

async function rawPod(rt: Runtime, name: string, all: ContainerSummary[], describe?: ListedDescriber, known = new Map<string, SandboxStatus>(), specOf: SpecReader = podSpecFromLabels): Promise<RawPod> {
  const containers = await ownerContainers(rt, all);
  const sandboxes = containers.filter((c) => roleOf(c.labels) === 'sandbox').sort(newer);
  const newestApp = new Map<string, ContainerSummary>();
  for (const c of containers.filter((x) => roleOf(x.labels) === 'app').sort(newer)) {
    const ctr = containerNameOf(c);
    if (!newestApp.has(ctr)) newestApp.set(ctr, c);
  }
  const ephemerals = containers.filter((c) => roleOf(c.labels) === 'ephemeral');
  const newestInit = new Map<string, ContainerSummary>();
  for (const c of containers.filter((x) => roleOf(x.labels) === 'init').sort(newer)) {
    const ctr = containerNameOf(c);
    if (!newestInit.has(ctr)) newestInit.set(ctr, c);
  }
  const others = [...newestApp.values(), ...newestInit.values(), ...ephemerals];
  if (!describe) return rawPodOf(name, await statusAll(rt, [...(sandboxes[0] ? [{ id: sandboxes[0].id, sandbox: true }] : []), ...others.map((c) => ({ id: c.id, sandbox: false }))]), specOf);
  // Containers that cannot be running apps are inspected beside the sandbox; the rest once the sandbox is known.
  const maybe = (c: ContainerSummary): boolean => c.state === 'running' && roleOf(c.labels) === 'app';
  const inspected = statusAll(rt, others.filter((c) => !maybe(c)).map((c) => ({ id: c.id, sandbox: false })));
  const sb = sandboxes[0];
  const sandboxStatus = sb ? (known.get(sb.id) ?? describe.sandbox(sb) ?? (await statusAll(rt, [{ id: sb.id, sandbox: true }]))[0]) : undefined;
  const sandbox = sandboxStatus && isSandboxStatus(sandboxStatus) ? sandboxStatus : null;
  // An inspected sandbox (host ports) the dump read too: the probe takes its netns from there when the pid matches.
  if (sandbox) describe.adopt(sandbox);
  if (sandbox && !describe.ready) describe.learn(sandbox);
  const candidates = others.filter(maybe).map((c) => ({ c, s: describe.app(c, sandbox) }));
  const rest = statusAll(rt, candidates.filter((x) => !x.s).map((x) => ({ id: x.c.id, sandbox: false })));
  const described = candidates.flatMap((x) => (x.s ? [x.s] : []));
  return rawPodOf(name, [...(sandboxStatus ? [sandboxStatus] : []), ...(await inspected), ...described, ...(await rest)], specOf);
}

function isSandboxStatus(c: ContainerStatus | SandboxStatus): c is SandboxStatus {
  return roleOf(c.labels) === 'sandbox' && 'ports' in c;
}

/** A pod from its read containers (at most one sandbox): its launch manifest, apps in manifest order. */
function rawPodOf(name: string, read: (ContainerStatus | SandboxStatus)[], specOf: SpecReader = podSpecFromLabels): RawPod {
  const sandbox = read.find(isSandboxStatus) ?? null;
  let apps = read.filter((c) => roleOf(c.labels) === 'app');
  const inits = read.filter((c) => roleOf(c.labels) === 'init').sort((a, b) => Number(a.labels[LABEL_INIT_INDEX] ?? 0) - Number(b.labels[LABEL_INIT_INDEX] ?? 0));
  let spec = sandbox ? specOf(sandbox.labels) : null;
  if (spec) {
    // Containers added later (podlab add) carry their own spec; append them to the launched manifest.
    const known = new Set([...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name));
    const added = apps
      .filter((a) => !known.has(a.labels[LABEL_CONTAINER] ?? ''))
      .map((a) => containerSpecFromLabels(a.labels))
      .filter((c) => c !== null);
    spec = { ...spec, containers: [...spec.containers, ...added] };
    // Native sidecars first, in spec order: they start before the app containers.
    const order = [...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...spec.containers].map((c) => c.name);
    const rank = (a: ContainerStatus): number => {
      const i = order.indexOf(a.labels[LABEL_CONTAINER] ?? '');
      return i < 0 ? order.length : i;
    };
    apps = [...apps].sort((a, b) => rank(a) - rank(b) || byCodePoint(a.createdAt, b.createdAt));
  }
  const ephemerals = read.filter((c) => roleOf(c.labels) === 'ephemeral').sort((a, b) => byCodePoint(a.createdAt, b.createdAt));
  return inits.length ? { name, sandbox, apps, spec, ephemerals, inits } : { name, sandbox, apps, spec, ephemerals };
}
