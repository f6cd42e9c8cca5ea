// Changes and removes pods the way the kubelet does: add a container, stop/start/restart one, kill the sandbox,
// remove pods. Launching lives in launch.ts (re-exported here: one entry point for the pod engine).
import type { ContainerAction } from '../../../shared/api';
import { namesPreStop, runPostStart, runPreStop, runPreStops, startWithHooks } from './hooks';
import type { ContainerSpec } from '../../../shared/manifest/types';
import { validatePodObject } from '../../../shared/manifest/pod-object';
import { containerToManifest } from '../../../shared/manifest/manifest';
import type { EngineConnection } from '../docker';
import type { ContainerSummary, Runtime } from '../runtime/runtime';
import { RuntimeError } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../runtime/vocabulary';
import { discoverPods } from './discover';
import { PodInputError, UnknownPodError } from './errors';
import { listPodlabContainers, roleOf } from './guard';
import { createAndStart, type LaunchOptions } from './launch';
import { newUid } from './names';
import { removeVolumes } from './volumes';
import { ensureImages } from './pull';
import { waitSettled } from './wait';

export { launchPod, launchPodDetailed, podNames, type LaunchOptions, type LaunchOutcome } from './launch';

/** Grace period for stop/restart: short, it is a lab (busybox httpd as PID 1 ignores SIGTERM). */
const STOP_SECONDS = 2;

/** Adds a container to a running pod, joined to its sandbox; its spec is kept on its labels for rediscovery. */
export async function addContainer(conn: EngineConnection, podName: string, c: ContainerSpec, opts: LaunchOptions = {}): Promise<void> {
  const rt = conn.runtime;
  const check = validatePodObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [containerToManifest(c)] } });
  if (!check.ok) throw new PodInputError(check.errors.map((e) => `${e.path.replace('spec.containers[0]', 'container')}: ${e.message}`).join('\n'));
  const [raw] = await discoverPods(rt, [podName]);
  if (!raw) throw new UnknownPodError([podName]);
  const sandbox = raw.sandbox;
  if (!sandbox || sandbox.state !== 'running') {
    throw new PodInputError(
      `the sandbox of pod ${podName} is ${sandbox ? sandbox.state : 'gone'}: a container can only join a running sandbox ` +
        `(Docker answers 409 "cannot join network of a non running container"). Remove and relaunch the pod: podlab rm ${podName}`,
    );
  }
  if (raw.apps.some((a) => a.labels[LABEL_CONTAINER] === c.name)) {
    throw new PodInputError(`pod ${podName} already has a container named ${c.name} — choose another name`);
  }
  await ensureImages(rt, [c.image], opts.onPull);
  // The pod's volumes and securityContext apply to an added container too; `name` is the pod's key.
  const pod = { ...(raw.spec ?? {}), name: podName, shareProcessNamespace: raw.spec?.shareProcessNamespace ?? false };
  const uid = sandbox.labels[LABEL_UID] ?? newUid();
  const r = await createAndStart(rt, pod, c, sandbox.id, uid);
  if (r.stage === 'create') throw new Error(`could not create container ${c.name} in pod ${podName}: ${r.message}`);
  if (opts.wait && r.id) await waitSettled(rt, [r.id], opts.waitMs);
}

/** Removals at once: what the docker CLI allows itself for `docker rm` of many containers (its parallelOperation). */
const REMOVE_CONCURRENCY = 50;

/** Runs `f` over the items, at most `limit` at a time. */
async function eachBounded<T>(items: T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await f(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Force-removes these containers of one or more pods — a force removal kills a running container itself: no separate
 * stop — at most REMOVE_CONCURRENCY at a time, then the pods' volumes. preStop hooks run first, while the sandboxes'
 * network is still there (the kubelet kills a pod the same way), only for containers whose stored spec names one.
 */
async function removeContainers(rt: Runtime, containers: ContainerSummary[]): Promise<void> {
  await runPreStops(rt, containers.filter((c) => roleOf(c.labels) === 'app' && c.state === 'running' && namesPreStop(c.labels)).map((c) => c.id));
  // The pods' volumes are listed while their containers go (removing a container leaves its volumes): one round trip
  // less after the removals.
  const listing = rt.volumes?.list(LABEL_POD).catch(() => []);
  // Sandboxes and apps side by side: a joined container needs nothing of its sandbox to be removed.
  await eachBounded(containers, REMOVE_CONCURRENCY, (c) => (roleOf(c.labels) === 'sandbox' ? rt.sandboxes.remove(c.id) : rt.containers.remove(c.id)).catch(() => undefined));
  const pods = new Set(containers.map((c) => c.labels[LABEL_POD]!));
  const volumes = (await listing) ?? [];
  await removeVolumes(rt, volumes.filter((v) => pods.has(v.labels[LABEL_POD] ?? '')).map((v) => v.name));
}

/**
 * Removes pods until none of their containers is left: a kubelet-style restart (attempt+1) may create one while
 * we remove, so look again a few times (bounded). `listed`: a listing the caller just took, used for the first round.
 */
async function removeUntilGone(rt: Runtime, names: Set<string> | null, listed?: ContainerSummary[]): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    const list = round === 0 && listed ? listed : await listPodlabContainers(rt);
    const targets = list.filter((c) => !names || names.has(c.labels[LABEL_POD]!));
    if (targets.length === 0) return;
    await removeContainers(rt, targets);
  }
}

/** Removes the named pods; removes the known ones, then throws UnknownPodError naming the unknown ones. */
export async function removePods(conn: EngineConnection, names: string[]): Promise<void> {
  const listed = await listPodlabContainers(conn.runtime);
  const existing = new Set(listed.map((c) => c.labels[LABEL_POD]!));
  const unknown = names.filter((n) => !existing.has(n));
  const known = names.filter((n) => existing.has(n));
  if (known.length) await removeUntilGone(conn.runtime, new Set(known), listed);
  if (unknown.length) throw new UnknownPodError(unknown);
}

/** Removes every podlab pod; resolves to the names removed. */
export async function removeAllPods(conn: EngineConnection): Promise<string[]> {
  const listed = await listPodlabContainers(conn.runtime);
  const names = [...new Set(listed.map((c) => c.labels[LABEL_POD]!))].sort();
  await removeUntilGone(conn.runtime, new Set(names), listed);
  return names;
}

export async function containerAction(conn: EngineConnection, podName: string, container: string, action: ContainerAction): Promise<void> {
  const rt = conn.runtime;
  const [raw] = await discoverPods(rt, [podName]);
  if (!raw) throw new UnknownPodError([podName]);
  const app = raw.apps.find((a) => a.labels[LABEL_CONTAINER] === container);
  if (!app) throw new PodInputError(`pod ${podName} has no container ${container} (it has: ${raw.apps.map((a) => a.labels[LABEL_CONTAINER]).join(', ') || 'none'})`);
  if (action !== 'stop' && raw.sandbox?.state !== 'running') {
    throw new PodInputError(
      `cannot ${action} ${container}: the sandbox of pod ${podName} is not running, and a container cannot join the network of a ` +
        `non-running container (Docker: 409). In Kubernetes the kubelet would recreate the sandbox (SandboxChanged); here: podlab rm ${podName} and launch it again.`,
    );
  }
  try {
    if (action === 'start') await startWithHooks(rt, app.id);
    else {
      const grace = await runPreStop(rt, app.id, STOP_SECONDS);
      if (action === 'stop') await rt.containers.stop(app.id, grace);
      else {
        await rt.containers.restart(app.id, grace);
        await runPostStart(rt, app.id);
      }
    }
  } catch (err) {
    if (err instanceof RuntimeError && err.code === 'not-modified') return; // already in the wanted state
    throw new Error(`could not ${action} ${container} in pod ${podName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Kills the pod's sandbox (SIGKILL), leaving the joined containers with only lo. */
export async function killSandbox(conn: EngineConnection, podName: string): Promise<void> {
  const [raw] = await discoverPods(conn.runtime, [podName]);
  if (!raw) throw new UnknownPodError([podName]);
  if (raw.sandbox?.state !== 'running') throw new PodInputError(`the sandbox of pod ${podName} is not running (${raw.sandbox?.state ?? 'gone'}): nothing to kill`);
  await conn.runtime.sandboxes.kill(raw.sandbox.id);
}
