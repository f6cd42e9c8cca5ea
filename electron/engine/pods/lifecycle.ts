// Creates, changes and removes pods the way the kubelet builds them (owner: pod engine, issue 2).
import type Docker from 'dockerode';
import type { ContainerInfo } from 'dockerode';
import type { PullProgress, ContainerAction } from '../../../shared/api';
import type { ConfigObject, ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { validatePodObject } from '../../../shared/manifest/parse';
import { containerToManifest } from '../../../shared/manifest/manifest';
import { dns1123SubdomainError } from '../../../shared/manifest/validate';
import { LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../../../shared/model';
import { describeError, isUnreachable, type EngineConnection } from '../docker';
import { pauseImage } from '../config';
import { appOptions, sandboxOptions, type RunFacts } from './create';
import { containerEnv } from '../../../shared/manifest/env';
import { discoverPods } from './discover';
import { EngineUnreachableError, PodExistsError, PodInputError, UnknownPodError, engineErrorInfo, isHostPortTaken } from './errors';
import { listPodlabContainers, roleOf } from './guard';
import { newUid, nextFreeName, podKey } from './names';
import { createPodVolumes, removePodVolumes, removeVolumes } from './volumes';
import { needsSequence, startSequenced } from './sequence';
import { NameRaceError, lostNameRace } from './race';
import { ensureImages, missingImages, pullImages } from './pull';
import { waitSettled } from './wait';
import type { LaunchedPod } from './discover';

export interface LaunchOptions {
  onPull?: (p: PullProgress) => void;
  /** Wait until every container has run `waitMs` (default 1000) or exited. */
  wait?: boolean;
  waitMs?: number;
  /** When the pod name is taken, use the next free `<name>-2`, `-3`… instead of failing (templates launched without --name). */
  autoName?: boolean;
  /** The ConfigMaps and Secrets of the manifest file (env and volumes read them). */
  objects?: ConfigObject[];
}

/**
 * A launched pod's name and, when they are surely all of it, its containers and sandbox pid (not after --wait, when a
 * live kubelet may have replaced a container): what reading the pod right after needs no listing for.
 */
export interface LaunchOutcome {
  name: string;
  launched?: LaunchedPod;
}

/** Grace period for stop/restart: short, it is a lab (busybox httpd as PID 1 ignores SIGTERM). */
const STOP_SECONDS = 2;

async function removeQuietly(docker: Docker, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined)));
}

/** Runs `f` once the requests just made are on their way (setImmediate runs after this turn's I/O is written). */
function whileWaiting<T>(f: () => T): Promise<T> {
  return new Promise((resolve) => setImmediate(() => resolve(f())));
}

/** Pod names that exist on the engine (podlab-labelled containers only). */
export async function podNames(docker: Docker): Promise<Set<string>> {
  return new Set((await listPodlabContainers(docker)).map((c) => c.Labels[LABEL_POD]));
}

/**
 * Pulls missing images, creates+starts the sandbox, then the app containers in parallel. Resolves to the pod name.
 * Two launches of one name at once: the later sandbox's launch removes what it made and throws NameRaceError
 * (a template launched without --name takes the next free name instead, a few times).
 */
export async function launchPod(conn: EngineConnection, spec: PodSpec, opts: LaunchOptions = {}): Promise<string> {
  return (await launchPodDetailed(conn, spec, opts)).name;
}

/** launchPod, telling what it made. */
export async function launchPodDetailed(conn: EngineConnection, spec: PodSpec, opts: LaunchOptions = {}): Promise<LaunchOutcome> {
  for (let round = 0; ; round += 1) {
    try {
      return await launchOnce(conn, spec, opts);
    } catch (err) {
      if (!(err instanceof NameRaceError && opts.autoName && round < 3)) throw err;
    }
  }
}

/** Throws NameRaceError (after removing this launch's containers) when another launch owns the pod name. */
async function checkNameRace(docker: Docker, name: string, mine: { id: string; uid: string }, appIds: string[]): Promise<void> {
  if (!(await lostNameRace(docker, name, mine).catch(() => false))) return;
  await removeQuietly(docker, appIds);
  await removeQuietly(docker, [mine.id]);
  throw new NameRaceError(name);
}

async function launchOnce(conn: EngineConnection, spec: PodSpec, opts: LaunchOptions): Promise<LaunchOutcome> {
  const { docker } = conn;
  const nameErr = dns1123SubdomainError(spec.name);
  if (nameErr) throw new PodInputError(`invalid pod name "${spec.name}": ${nameErr}`);
  const sandboxImage = pauseImage();
  const images = [sandboxImage, ...(spec.initContainers ?? []).map((c) => c.image), ...spec.containers.map((c) => c.image)];
  // The name check and the image check are independent: ask the engine both at once; pull only for a free name.
  // The pod's uid is made while the engine answers (its first one loads the crypto code).
  const [taken, missing, uid] = await Promise.all([podNames(docker), missingImages(docker, images), whileWaiting(newUid)]).catch((err: unknown) => {
    throw isUnreachable(err) ? new EngineUnreachableError(conn.endpoint, describeError(err)) : err;
  });
  const podName = opts.autoName ? nextFreeName(spec.name, taken) : spec.name;
  // The pod's identity on the engine: its name, or namespace/name outside "default".
  const name = podKey({ name: podName, namespace: spec.namespace });
  if (taken.has(name)) throw new PodExistsError(name);
  const pod: PodSpec = { ...spec, name: podName };
  await pullImages(docker, missing, opts.onPull);
  // Pod-level volumes first: they outlive container restarts and the containers mount them.
  const volumes = await createPodVolumes(docker, pod, name, uid, opts.objects ?? [], { podIP: '', hostIP: '', uid, cpus: 1, memoryBytes: 0 }, sandboxImage);
  try {
    if (needsSequence(pod)) return await startSequenced(conn, { pod, key: name, uid, sandboxImage, objects: opts.objects ?? [], wait: opts.wait, waitMs: opts.waitMs });
    return await startTogether(conn, pod, name, uid, sandboxImage, opts);
  } catch (err) {
    // Nothing of this launch is left (its containers went with the error): its volumes go too.
    await removeVolumes(docker, volumes);
    throw err;
  }
}

/** The common case: the app containers are created while the sandbox starts (they only need its id). */
async function startTogether(conn: EngineConnection, pod: PodSpec, name: string, uid: string, sandboxImage: string, opts: LaunchOptions): Promise<LaunchOutcome> {
  const { docker } = conn;
  const sandbox = await docker.createContainer(sandboxOptions(pod, uid, 0, sandboxImage));
  // App containers only need the sandbox's id to be created; only their start needs it running. Creating them
  // while the sandbox starts keeps the kubelet's start order and saves a round of engine work.
  // Another launch of this name may have passed the name check too: look again now (and once more at the end).
  const mine = { id: sandbox.id, uid };
  const [started, created, lost] = await Promise.all([
    sandbox.start().then(
      () => null,
      (err: unknown) => err,
    ),
    Promise.all(pod.containers.map((c) => createApp(docker, { ...pod, name, podName: pod.name }, c, sandbox.id, uid, 0, { env: literalEnv(c, pod, opts.objects ?? [], uid) }))),
    lostNameRace(docker, name, mine).catch(() => false),
  ]);
  const createdIds = created.flatMap((r) => (r.id ? [r.id] : []));
  if (lost) await checkNameRace(docker, name, mine, createdIds);
  if (started !== null) {
    // A hostPort held by another pod: leave the sandbox `created` so the pod shows as Pending (as in Kubernetes);
    // its app containers are not made yet in Kubernetes either, so remove the ones created early.
    await removeQuietly(docker, createdIds);
    if (isHostPortTaken(started)) {
      await checkNameRace(docker, name, mine, []);
      return { name, launched: { ids: [sandbox.id], sandboxPid: 0 } };
    }
    await removeQuietly(docker, [sandbox.id]);
    throw new Error(`could not start the sandbox of pod ${name}: ${engineErrorInfo(started).message}`, { cause: started });
  }
  const createFailure = created.find((r) => r.stage === 'create');
  if (createFailure) {
    await removeQuietly(docker, createdIds);
    await removeQuietly(docker, [sandbox.id]);
    throw new Error(`could not create container ${createFailure.container} of pod ${name}: ${createFailure.message}; nothing was left behind`);
  }
  // While the apps start: the last look at the pod name (a rival sandbox created a moment before ours was maybe not
  // listed yet at the first look; the engine stamps Created before it lists), and the sandbox's pid for the caller.
  const lastLook = checkNameRace(docker, name, mine, createdIds);
  lastLook.catch(() => undefined);
  const sandboxPid = sandbox.inspect().then(
    (i) => i.State.Pid,
    () => 0,
  );
  const results = await Promise.all(created.map((r) => startApp(docker, r)));
  await lastLook;
  // A container that fails to start stays `created`: the pod exists and shows the failure (exit 3), like RunContainerError.
  if (opts.wait) {
    await waitSettled(docker, [sandbox.id, ...results.flatMap((r) => (r.id ? [r.id] : []))], opts.waitMs);
    return { name };
  }
  return { name, launched: { ids: [sandbox.id, ...createdIds], sandboxPid: await sandboxPid } };
}

export interface StartResult {
  container: string;
  id: string | null;
  stage: 'ok' | 'create' | 'start';
  message?: string;
}

type AppPod = Parameters<typeof appOptions>[0];

/** The environment of a container that needs nothing of the sandbox (no status.* field): resolvable before it starts. */
function literalEnv(c: ContainerSpec, pod: PodSpec, objects: ConfigObject[], uid: string): string[] {
  return containerEnv(c, pod, objects, { podIP: '', hostIP: '', uid, cpus: 1, memoryBytes: 0 });
}

export async function createApp(docker: Docker, pod: AppPod, c: ContainerSpec, sandboxId: string, uid: string, attempt = 0, run: RunFacts = {}): Promise<StartResult> {
  try {
    const id = (await docker.createContainer(appOptions(pod, c, sandboxId, uid, attempt, run))).id;
    return { container: c.name, id, stage: 'ok' };
  } catch (err) {
    return { container: c.name, id: null, stage: 'create', message: engineErrorInfo(err).message };
  }
}

export async function startApp(docker: Docker, created: StartResult): Promise<StartResult> {
  if (!created.id || created.stage !== 'ok') return created;
  try {
    await docker.getContainer(created.id).start();
    return created;
  } catch (err) {
    return { ...created, stage: 'start', message: engineErrorInfo(err).message };
  }
}

async function createAndStart(docker: Docker, pod: AppPod, c: ContainerSpec, sandboxId: string, uid: string, attempt = 0): Promise<StartResult> {
  return startApp(docker, await createApp(docker, pod, c, sandboxId, uid, attempt));
}

/** Adds a container to a running pod, joined to its sandbox; its spec is kept on its labels for rediscovery. */
export async function addContainer(conn: EngineConnection, podName: string, c: ContainerSpec, opts: LaunchOptions = {}): Promise<void> {
  const { docker } = conn;
  const check = validatePodObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [containerToManifest(c)] } });
  if (!check.ok) throw new PodInputError(check.errors.map((e) => `${e.path.replace('spec.containers[0]', 'container')}: ${e.message}`).join('\n'));
  const [raw] = await discoverPods(docker, [podName]);
  if (!raw) throw new UnknownPodError([podName]);
  const sandbox = raw.sandbox;
  if (!sandbox || !sandbox.State.Running) {
    throw new PodInputError(
      `the sandbox of pod ${podName} is ${sandbox ? sandbox.State.Status : 'gone'}: a container can only join a running sandbox ` +
        `(Docker answers 409 "cannot join network of a non running container"). Remove and relaunch the pod: podlab rm ${podName}`,
    );
  }
  if (raw.apps.some((a) => a.Config.Labels[LABEL_CONTAINER] === c.name)) {
    throw new PodInputError(`pod ${podName} already has a container named ${c.name} — choose another name`);
  }
  await ensureImages(docker, [c.image], opts.onPull);
  const pod = { ...(raw.spec ?? {}), name: podName, podName: raw.spec?.name ?? podName, shareProcessNamespace: raw.spec?.shareProcessNamespace ?? false };
  const uid = sandbox.Config.Labels[LABEL_UID] ?? newUid();
  const r = await createAndStart(docker, pod, c, sandbox.Id, uid);
  if (r.stage === 'create') throw new Error(`could not create container ${c.name} in pod ${podName}: ${r.message}`);
  if (opts.wait && r.id) await waitSettled(docker, [r.id], opts.waitMs);
}

function groupByPod(list: ContainerInfo[]): Map<string, ContainerInfo[]> {
  const byPod = new Map<string, ContainerInfo[]>();
  for (const c of list) byPod.set(c.Labels[LABEL_POD], [...(byPod.get(c.Labels[LABEL_POD]) ?? []), c]);
  return byPod;
}

/** Force-removes a pod's containers: apps (and init containers) first, the sandbox last, then its volumes. */
async function removeContainers(docker: Docker, containers: ContainerInfo[]): Promise<void> {
  await removeQuietly(docker, containers.filter((c) => roleOf(c.Labels) !== 'sandbox').map((c) => c.Id));
  await removeQuietly(docker, containers.filter((c) => roleOf(c.Labels) === 'sandbox').map((c) => c.Id));
  const key = containers[0]?.Labels[LABEL_POD];
  if (key) await removePodVolumes(docker, key);
}

/**
 * Removes pods until none of their containers is left: a kubelet-style restart (attempt+1) may create one while
 * we remove, so look again a few times (bounded).
 */
async function removeUntilGone(docker: Docker, names: Set<string> | null): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    const byPod = groupByPod(await listPodlabContainers(docker));
    const targets = [...byPod.entries()].filter(([n]) => !names || names.has(n));
    if (targets.length === 0) return;
    await Promise.all(targets.map(([, list]) => removeContainers(docker, list)));
  }
}

/** Removes the named pods; removes the known ones, then throws UnknownPodError naming the unknown ones. */
export async function removePods(conn: EngineConnection, names: string[]): Promise<void> {
  const existing = await podNames(conn.docker);
  const unknown = names.filter((n) => !existing.has(n));
  const known = names.filter((n) => existing.has(n));
  if (known.length) await removeUntilGone(conn.docker, new Set(known));
  if (unknown.length) throw new UnknownPodError(unknown);
}

/** Removes every podlab pod; resolves to the names removed. */
export async function removeAllPods(conn: EngineConnection): Promise<string[]> {
  const names = [...(await podNames(conn.docker))].sort();
  await removeUntilGone(conn.docker, new Set(names));
  return names;
}

export async function containerAction(conn: EngineConnection, podName: string, container: string, action: ContainerAction): Promise<void> {
  const { docker } = conn;
  const [raw] = await discoverPods(docker, [podName]);
  if (!raw) throw new UnknownPodError([podName]);
  const app = raw.apps.find((a) => a.Config.Labels[LABEL_CONTAINER] === container);
  if (!app) throw new PodInputError(`pod ${podName} has no container ${container} (it has: ${raw.apps.map((a) => a.Config.Labels[LABEL_CONTAINER]).join(', ') || 'none'})`);
  if (action !== 'stop' && !raw.sandbox?.State.Running) {
    throw new PodInputError(
      `cannot ${action} ${container}: the sandbox of pod ${podName} is not running, and a container cannot join the network of a ` +
        `non-running container (Docker: 409). In Kubernetes the kubelet would recreate the sandbox (SandboxChanged); here: podlab rm ${podName} and launch it again.`,
    );
  }
  const ctr = docker.getContainer(app.Id);
  try {
    if (action === 'stop') await ctr.stop({ t: STOP_SECONDS });
    else if (action === 'start') await ctr.start();
    else await ctr.restart({ t: STOP_SECONDS });
  } catch (err) {
    const { status, message } = engineErrorInfo(err);
    if (status === 304) return; // already in the wanted state
    throw new Error(`could not ${action} ${container} in pod ${podName}: ${message}`, { cause: err });
  }
}

/** Kills the pod's sandbox (SIGKILL), leaving the joined containers with only lo. */
export async function killSandbox(conn: EngineConnection, podName: string): Promise<void> {
  const [raw] = await discoverPods(conn.docker, [podName]);
  if (!raw) throw new UnknownPodError([podName]);
  if (!raw.sandbox?.State.Running) throw new PodInputError(`the sandbox of pod ${podName} is not running (${raw.sandbox?.State.Status ?? 'gone'}): nothing to kill`);
  await conn.docker.getContainer(raw.sandbox.Id).kill({ signal: 'SIGKILL' });
}

