// Changes and removes pods the way the kubelet does: add a container, stop/start/restart one, kill the sandbox,
// remove pods. Launching lives in launch.ts (re-exported here: one entry point for the pod engine).
import type { ContainerAction } from '../../../shared/api';
import type { ContainerSpec } from '../../../shared/manifest/types';
import { validatePodObject } from '../../../shared/manifest/parse';
import { containerToManifest } from '../../../shared/manifest/manifest';
import type { EngineConnection } from '../docker';
import type { ContainerSummary, Runtime } from '../runtime/runtime';
import { RuntimeError } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../runtime/vocabulary';
import { discoverPods } from './discover';
import { PodInputError, UnknownPodError } from './errors';
import { listPodlabContainers, roleOf } from './guard';
import { createAndStart, podNames, removeQuietly, type LaunchOptions } from './launch';
import { newUid } from './names';
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
  const pod = { name: podName, shareProcessNamespace: raw.spec?.shareProcessNamespace ?? false };
  const uid = sandbox.labels[LABEL_UID] ?? newUid();
  const r = await createAndStart(rt, pod, c, sandbox.id, uid);
  if (r.stage === 'create') throw new Error(`could not create container ${c.name} in pod ${podName}: ${r.message}`);
  if (opts.wait && r.id) await waitSettled(rt, [r.id], opts.waitMs);
}

function groupByPod(list: ContainerSummary[]): Map<string, ContainerSummary[]> {
  const byPod = new Map<string, ContainerSummary[]>();
  for (const c of list) byPod.set(c.labels[LABEL_POD]!, [...(byPod.get(c.labels[LABEL_POD]!) ?? []), c]);
  return byPod;
}

/** Force-removes a pod's containers: apps and ephemeral containers first, the sandbox last (as the kubelet tears a pod down). */
async function removeContainers(rt: Runtime, containers: ContainerSummary[]): Promise<void> {
  await removeQuietly(rt, containers.filter((c) => roleOf(c.labels) !== 'sandbox').map((c) => c.id));
  await Promise.all(containers.filter((c) => roleOf(c.labels) === 'sandbox').map((c) => rt.sandboxes.remove(c.id).catch(() => undefined)));
}

/**
 * Removes pods until none of their containers is left: a kubelet-style restart (attempt+1) may create one while
 * we remove, so look again a few times (bounded).
 */
async function removeUntilGone(rt: Runtime, names: Set<string> | null): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    const byPod = groupByPod(await listPodlabContainers(rt));
    const targets = [...byPod.entries()].filter(([n]) => !names || names.has(n));
    if (targets.length === 0) return;
    await Promise.all(targets.map(([, list]) => removeContainers(rt, list)));
  }
}

/** Removes the named pods; removes the known ones, then throws UnknownPodError naming the unknown ones. */
export async function removePods(conn: EngineConnection, names: string[]): Promise<void> {
  const existing = await podNames(conn.runtime);
  const unknown = names.filter((n) => !existing.has(n));
  const known = names.filter((n) => existing.has(n));
  if (known.length) await removeUntilGone(conn.runtime, new Set(known));
  if (unknown.length) throw new UnknownPodError(unknown);
}

/** Removes every podlab pod; resolves to the names removed. */
export async function removeAllPods(conn: EngineConnection): Promise<string[]> {
  const names = [...(await podNames(conn.runtime))].sort();
  await removeUntilGone(conn.runtime, new Set(names));
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
    if (action === 'stop') await rt.containers.stop(app.id, STOP_SECONDS);
    else if (action === 'start') await rt.containers.start(app.id);
    else await rt.containers.restart(app.id, STOP_SECONDS);
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
