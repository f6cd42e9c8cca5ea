// Launches a pod the way the kubelet builds it: images, then the sandbox, then the app containers in parallel.
import type { PullProgress } from '../../../shared/api';
import type { ConfigObject, ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerEnv } from '../../../shared/manifest/env';
import { dns1123SubdomainError } from '../../../shared/manifest/validate';
import { describeError, isUnreachable, type EngineConnection } from '../docker';
import type { Runtime } from '../runtime/runtime';
import { LABEL_POD } from '../runtime/vocabulary';
import { appConfig, sandboxConfig, type AppPod, type RunFacts } from './create';
import type { LaunchedPod } from './discover';
import { EngineUnreachableError, PodExistsError, PodInputError, isHostPortTaken } from './errors';
import { listPodlabContainers } from './guard';
import { newUid, nextFreeName, podKey } from './names';
import { createPodVolumes, removeVolumes } from './volumes';
import { needsSequence, startSequenced } from './sequence';
import { NameRaceError, lostNameRace } from './race';
import { missingImages, pullImages } from './pull';
import { waitSettled } from './wait';
import { runPostStart } from './hooks';
import { ReadAhead } from './read-ahead';

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
  /** The runtime with what the launch read ahead of the pod's read-back (read-ahead.ts). */
  runtime?: Runtime;
}

export async function removeQuietly(rt: Runtime, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => rt.containers.remove(id).catch(() => undefined)));
}

/** Runs `f` once the requests just made are on their way (setImmediate runs after this turn's I/O is written). */
function whileWaiting<T>(f: () => T): Promise<T> {
  return new Promise((resolve) => setImmediate(() => resolve(f())));
}

/** Pod names that exist on the runtime (podlab-labelled containers only). */
export async function podNames(rt: Runtime): Promise<Set<string>> {
  return new Set((await listPodlabContainers(rt)).map((c) => c.labels[LABEL_POD]!));
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
async function checkNameRace(rt: Runtime, name: string, mine: { id: string; uid: string }, appIds: string[]): Promise<void> {
  if (!(await lostNameRace(rt, name, mine).catch(() => false))) return;
  await removeQuietly(rt, appIds);
  await removeQuietly(rt, [mine.id]);
  throw new NameRaceError(name);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function launchOnce(conn: EngineConnection, spec: PodSpec, opts: LaunchOptions): Promise<LaunchOutcome> {
  const rt = conn.runtime;
  const nameErr = dns1123SubdomainError(spec.name);
  if (nameErr) throw new PodInputError(`invalid pod name "${spec.name}": ${nameErr}`);
  const appImages = [...(spec.initContainers ?? []).map((c) => c.image), ...spec.containers.map((c) => c.image)];
  // A runtime that brings its own sandbox image (a CRI runtime's sandbox_image, as on a node since Kubernetes 1.27)
  // uses it whatever podlab names: then PODLAB_PAUSE_IMAGE is neither checked nor pulled.
  const ownSandboxImage = rt.sandboxes.ownImage?.() ?? null;
  const images = ownSandboxImage ? appImages : [conn.config.pauseImage, ...appImages];
  // The name check and the image check are independent: ask the runtime both at once; pull only for a free name.
  // The pod's uid is made while the runtime answers (its first one loads the crypto code).
  const [taken, missing, uid, own] = await Promise.all([podNames(rt), missingImages(rt, images), whileWaiting(newUid), ownSandboxImage]).catch((err: unknown) => {
    throw isUnreachable(err) ? new EngineUnreachableError(conn.endpoint, describeError(err)) : err;
  });
  const sandboxImage = own || conn.config.pauseImage;
  const podName = opts.autoName ? nextFreeName(spec.name, taken) : spec.name;
  // The pod's identity on the runtime: its name, or namespace/name outside "default".
  const name = podKey({ name: podName, namespace: spec.namespace });
  if (taken.has(name)) throw new PodExistsError(name);
  const pod: PodSpec = { ...spec, name: podName };
  await pullImages(rt, pullPolicyImages(pod, missing), opts.onPull);
  // Pod-level volumes first: they outlive container restarts and the containers mount them.
  const objects = opts.objects ?? [];
  const volumes = await createPodVolumes(rt, pod, name, uid, objects, { podIP: '', hostIP: '', uid, cpus: 1, memoryBytes: 0 }, sandboxImage);
  try {
    if (needsSequence(pod)) return await startSequenced(conn, { pod, key: name, uid, sandboxImage, objects, wait: opts.wait, waitMs: opts.waitMs });
    return await startTogether(rt, pod, name, uid, sandboxImage, opts);
  } catch (err) {
    // Nothing of this launch is left (its containers went with the error): its volumes go too.
    await removeVolumes(rt, volumes);
    throw err;
  }
}

/**
 * The images to pull under each container's imagePullPolicy: Always pulls even when present, Never never pulls (a
 * missing image is the kubelet's ErrImageNeverPull: refused before anything is created), IfNotPresent and no policy
 * pull what is missing.
 */
export function pullPolicyImages(pod: PodSpec, missing: string[]): string[] {
  const all = [...(pod.initContainers ?? []), ...pod.containers];
  const never = all.filter((c) => c.imagePullPolicy === 'Never' && missing.includes(c.image));
  if (never.length) throw new PodInputError(`ErrImageNeverPull: image ${never[0].image} of container ${never[0].name} is not present and its imagePullPolicy is Never — pull it first (docker pull) or change the policy`);
  const always = all.filter((c) => c.imagePullPolicy === 'Always').map((c) => c.image);
  return [...new Set([...missing, ...always])];
}

/** The environment of a container that needs nothing of the sandbox (no status.* field): resolvable before it starts. */
function envNow(c: ContainerSpec, pod: PodSpec, objects: ConfigObject[], uid: string): RunFacts {
  return { env: containerEnv(c, pod, objects, { podIP: '', hostIP: '', uid, cpus: 1, memoryBytes: 0 }) };
}

/** The common case: the app containers are created while the sandbox starts (they only need its id). */
async function startTogether(rt: Runtime, pod: PodSpec, name: string, uid: string, sandboxImage: string, opts: LaunchOptions): Promise<LaunchOutcome> {
  const sandbox = await rt.sandboxes.run(sandboxConfig(pod, uid, 0, sandboxImage));
  // App containers only need the sandbox's id to be created; only their start needs it running. Creating them
  // while the sandbox starts keeps the kubelet's start order and saves a round of runtime work.
  // Another launch of this name may have passed the name check too: look again now (and once more at the end).
  const mine = { id: sandbox.id, uid };
  const [started, created, lost] = await Promise.all([
    sandbox.started.then(
      () => null,
      (err: unknown) => err,
    ),
    Promise.all(pod.containers.map((c) => createApp(rt, { ...pod, name }, c, sandbox.id, uid, 0, envNow(c, pod, opts.objects ?? [], uid)))),
    lostNameRace(rt, name, mine).catch(() => false),
  ]);
  const createdIds = created.flatMap((r) => (r.id ? [r.id] : []));
  if (lost) await checkNameRace(rt, name, mine, createdIds);
  if (started !== null) {
    // A hostPort held by another pod: leave the sandbox `created` so the pod shows as Pending (as in Kubernetes);
    // its app containers are not made yet in Kubernetes either, so remove the ones created early.
    await removeQuietly(rt, createdIds);
    if (isHostPortTaken(started)) {
      await checkNameRace(rt, name, mine, []);
      return { name, launched: { sandboxId: sandbox.id, ids: [sandbox.id], sandboxPid: 0 } };
    }
    await removeQuietly(rt, [sandbox.id]);
    throw new Error(`could not start the sandbox of pod ${name}: ${message(started)}`, { cause: started });
  }
  const createFailure = created.find((r) => r.stage === 'create');
  if (createFailure) {
    await removeQuietly(rt, createdIds);
    await removeQuietly(rt, [sandbox.id]);
    throw new Error(`could not create container ${createFailure.container} of pod ${name}: ${createFailure.message}; nothing was left behind`);
  }
  // The apps' starts go out first (they are the critical path); the reads below are answered while they run.
  // Without --wait the pod is read back at once: what that reads is read meanwhile, each app right after its own start.
  const ahead = opts.wait ? null : new ReadAhead(rt);
  const startAndRead = async (r: StartResult): Promise<StartResult> => {
    const res = await startApp(rt, r);
    if (res.stage === 'ok' && res.id) ahead?.container(res.id);
    return res;
  };
  const starting = Promise.all(created.map(startAndRead));
  // The last look at the pod name (a rival sandbox created a moment before ours was maybe not listed yet at the first
  // look; the runtime stamps Created before it lists), the sandbox's pid for the caller, the bridges for the read-back.
  const lastLook = checkNameRace(rt, name, mine, createdIds);
  lastLook.catch(() => undefined);
  const sandboxPid = (ahead ? ahead.sandbox(sandbox.id) : rt.sandboxes.status(sandbox.id)).then(
    (s) => s?.pid ?? 0,
    () => 0,
  );
  ahead?.bridgesNow();
  const results = await starting;
  await lastLook;
  // A container that fails to start stays `created`: the pod exists and shows the failure (exit 3), like RunContainerError.
  if (opts.wait) {
    await waitSettled(rt, [sandbox.id, ...results.flatMap((r) => (r.id ? [r.id] : []))], opts.waitMs);
    return { name };
  }
  return { name, launched: { sandboxId: sandbox.id, ids: [sandbox.id, ...createdIds], sandboxPid: await sandboxPid }, ...(ahead ? { runtime: ahead.runtime() } : {}) };
}

export interface StartResult {
  container: string;
  id: string | null;
  stage: 'ok' | 'create' | 'start';
  message?: string;
  /** The container has a postStart hook to run after its start. */
  postStart?: boolean;
}

async function createApp(rt: Runtime, pod: AppPod, c: ContainerSpec, sandboxId: string, uid: string, attempt = 0, run: RunFacts = {}): Promise<StartResult> {
  try {
    const id = await rt.containers.create(appConfig(pod, c, sandboxId, uid, attempt, run));
    return { container: c.name, id, stage: 'ok', ...(c.lifecycle?.postStart ? { postStart: true } : {}) };
  } catch (err) {
    return { container: c.name, id: null, stage: 'create', message: message(err) };
  }
}

async function startApp(rt: Runtime, created: StartResult): Promise<StartResult> {
  if (!created.id || created.stage !== 'ok') return created;
  try {
    await rt.containers.start(created.id);
    // Looking for a hook reads the container back (one more request after its start, on the launch's last step):
    // only for containers whose spec has one.
    if (created.postStart) await runPostStart(rt, created.id);
    return created;
  } catch (err) {
    return { ...created, stage: 'start', message: message(err) };
  }
}

export async function createAndStart(rt: Runtime, pod: AppPod, c: ContainerSpec, sandboxId: string, uid: string, attempt = 0): Promise<StartResult> {
  return startApp(rt, await createApp(rt, pod, c, sandboxId, uid, attempt));
}
