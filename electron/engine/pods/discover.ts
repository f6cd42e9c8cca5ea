// Rediscovers podlab's pods from the engine by their io.podlab.* labels (owner: pod engine, issue 2).
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import type { PodSpec } from '../../../shared/manifest/types';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../../../shared/model';
import { isPodlabContainer, listPodlabContainers, roleOf } from './guard';
import { firstSandbox, stampsOf } from './race';
import { containerSpecFromLabels, podSpecFromLabels } from './spec';
import { LABEL_INIT_INDEX } from './names';

export interface RawPod {
  name: string;
  /** The newest sandbox (highest attempt), or null when only app containers are left. */
  sandbox: ContainerInspectInfo | null;
  /** The newest container (highest attempt) for each app container name, in manifest order. */
  apps: ContainerInspectInfo[];
  /** The manifest podlab launched (stored on the sandbox's io.podlab.manifest label), when known. */
  spec: PodSpec | null;
  /** The newest attempt of each plain init container (role init), in spec order. */
  inits?: ContainerInspectInfo[];
  /** Network readinessProbe answers by container id, gathered while the model is built (model/readiness.ts). */
  readiness?: Map<string, boolean>;
}

export function attemptOf(labels: Record<string, string> | undefined): number {
  const n = Number(labels?.[LABEL_ATTEMPT] ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Newer first: higher attempt, then later creation. */
function newer(a: ContainerInfo, b: ContainerInfo): number {
  return attemptOf(b.Labels) - attemptOf(a.Labels) || b.Created - a.Created;
}

async function inspectAll(docker: Docker, ids: string[]): Promise<ContainerInspectInfo[]> {
  const out = await Promise.all(
    ids.map((id) =>
      docker
        .getContainer(id)
        .inspect()
        .catch(() => null), // removed between list and inspect
    ),
  );
  return out.filter((c): c is ContainerInspectInfo => c !== null);
}

/** Lists podlab's containers (label io.podlab.pod) and groups them by pod; `only` limits to those pod names. */
export async function discoverPods(docker: Docker, only?: string[]): Promise<RawPod[]> {
  const list = await listPodlabContainers(docker, only?.length === 1 ? only[0] : undefined);
  const byPod = new Map<string, ContainerInfo[]>();
  for (const c of list) {
    const pod = c.Labels[LABEL_POD];
    if (only && !only.includes(pod)) continue;
    byPod.set(pod, [...(byPod.get(pod) ?? []), c]);
  }
  const pods = await Promise.all([...byPod.entries()].map(([name, containers]) => rawPod(docker, name, containers)));
  return pods.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Two launches of one name at the same moment leave, for a short while, two sandboxes with different uids: the pod
 * is the one whose sandbox the engine created first (the loser is removing its containers, see race.ts).
 */
async function ownerContainers(docker: Docker, containers: ContainerInfo[]): Promise<ContainerInfo[]> {
  const sandboxes = containers.filter((c) => roleOf(c.Labels) === 'sandbox');
  if (new Set(sandboxes.map((c) => c.Labels[LABEL_UID] ?? '')).size <= 1) return containers;
  const first = firstSandbox(await stampsOf(docker, sandboxes.map((c) => c.Id)));
  return first ? containers.filter((c) => (c.Labels[LABEL_UID] ?? '') === first.uid) : containers;
}

/** What a launch knows of the pod it just started. */
export interface LaunchedPod {
  /** All of its containers. */
  ids: string[];
  /** The sandbox's host pid, 0 when unknown. */
  sandboxPid: number;
}

/**
 * The pod made of exactly these containers (a launch that just created them): inspected directly, without a listing.
 * Containers that are not podlab's containers of `name` are left out.
 */
export async function discoverPodByIds(docker: Docker, name: string, ids: string[]): Promise<RawPod> {
  const inspected = (await inspectAll(docker, ids)).filter((c) => isPodlabContainer(c.Config.Labels, name));
  return rawPodOf(name, inspected);
}

async function rawPod(docker: Docker, name: string, all: ContainerInfo[]): Promise<RawPod> {
  const containers = await ownerContainers(docker, all);
  const sandboxes = containers.filter((c) => roleOf(c.Labels) === 'sandbox').sort(newer);
  const newestApp = new Map<string, ContainerInfo>();
  for (const c of containers.filter((x) => roleOf(x.Labels) === 'app').sort(newer)) {
    const ctr = c.Labels[LABEL_CONTAINER] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id;
    if (!newestApp.has(ctr)) newestApp.set(ctr, c);
  }
  const newestInit = new Map<string, ContainerInfo>();
  for (const c of containers.filter((x) => roleOf(x.Labels) === 'init').sort(newer)) {
    const ctr = c.Labels[LABEL_CONTAINER] ?? c.Id;
    if (!newestInit.has(ctr)) newestInit.set(ctr, c);
  }
  const wanted = [...(sandboxes.length ? [sandboxes[0]] : []), ...newestApp.values(), ...newestInit.values()];
  return rawPodOf(name, await inspectAll(docker, wanted.map((c) => c.Id)));
}

/** A pod from its inspected containers (at most one sandbox): its launch manifest, apps in manifest order. */
function rawPodOf(name: string, inspected: ContainerInspectInfo[]): RawPod {
  const sandbox = inspected.find((c) => roleOf(c.Config.Labels) === 'sandbox') ?? null;
  let apps = inspected.filter((c) => roleOf(c.Config.Labels) === 'app');
  const inits = inspected
    .filter((c) => roleOf(c.Config.Labels) === 'init')
    .sort((a, b) => Number(a.Config.Labels[LABEL_INIT_INDEX] ?? 0) - Number(b.Config.Labels[LABEL_INIT_INDEX] ?? 0));
  let spec = sandbox ? podSpecFromLabels(sandbox.Config.Labels) : null;
  if (spec) {
    // Containers added later (podlab add) carry their own spec; append them to the launched manifest.
    const known = new Set([...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name));
    const added = apps
      .filter((a) => !known.has(a.Config.Labels[LABEL_CONTAINER] ?? ''))
      .map((a) => containerSpecFromLabels(a.Config.Labels))
      .filter((c) => c !== null);
    spec = { ...spec, containers: [...spec.containers, ...added] };
    // Native sidecars first, in spec order: they start before the app containers.
    const order = [...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...spec.containers].map((c) => c.name);
    const rank = (a: ContainerInspectInfo): number => {
      const i = order.indexOf(a.Config.Labels[LABEL_CONTAINER] ?? '');
      return i < 0 ? order.length : i;
    };
    apps = [...apps].sort((a, b) => rank(a) - rank(b) || a.Created.localeCompare(b.Created));
  }
  return inits.length ? { name, sandbox, apps, spec, inits } : { name, sandbox, apps, spec };
}
