// Launches a pod the way the kubelet builds it: images, then the sandbox, then the app containers in parallel.
import type { PullProgress } from '../../../shared/api';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { dns1123SubdomainError } from '../../../shared/manifest/validate';
import { describeError, isUnreachable, type EngineConnection } from '../docker';
import type { Runtime } from '../runtime/runtime';
import { LABEL_POD } from '../runtime/vocabulary';
import { appConfig, sandboxConfig } from './create';
import type { LaunchedPod } from './discover';
import { EngineUnreachableError, PodExistsError, PodInputError, isHostPortTaken } from './errors';
import { listPodlabContainers } from './guard';
import { newUid, nextFreeName } from './names';
import { NameRaceError, lostNameRace } from './race';
import { missingImages, pullImages } from './pull';
import { waitSettled } from './wait';

export interface LaunchOptions {
  onPull?: (p: PullProgress) => void;
  /** Wait until every container has run `waitMs` (default 1000) or exited. */
  wait?: boolean;
  waitMs?: number;
  /** When the pod name is taken, use the next free `<name>-2`, `-3`… instead of failing (templates launched without --name). */
  autoName?: boolean;
}

/**
 * A launched pod's name and, when they are surely all of it, its containers and sandbox pid (not after --wait, when a
 * live kubelet may have replaced a container): what reading the pod right after needs no listing for.
 */
export interface LaunchOutcome {
  name: string;
  launched?: LaunchedPod;
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
  const sandboxImage = conn.config.pauseImage;
  const images = [sandboxImage, ...spec.containers.map((c) => c.image)];
  // The name check and the image check are independent: ask the runtime both at once; pull only for a free name.
  // The pod's uid is made while the runtime answers (its first one loads the crypto code).
  const [taken, missing, uid] = await Promise.all([podNames(rt), missingImages(rt, images), whileWaiting(newUid)]).catch((err: unknown) => {
    throw isUnreachable(err) ? new EngineUnreachableError(conn.endpoint, describeError(err)) : err;
  });
  const name = opts.autoName ? nextFreeName(spec.name, taken) : spec.name;
  if (taken.has(name)) throw new PodExistsError(name);
  const pod: PodSpec = { ...spec, name };
  await pullImages(rt, missing, opts.onPull);

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
    Promise.all(pod.containers.map((c) => createApp(rt, pod, c, sandbox.id, uid))),
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
  // While the apps start: the last look at the pod name (a rival sandbox created a moment before ours was maybe not
  // listed yet at the first look; the runtime stamps Created before it lists), and the sandbox's pid for the caller.
  const lastLook = checkNameRace(rt, name, mine, createdIds);
  lastLook.catch(() => undefined);
  const sandboxPid = rt.sandboxes.status(sandbox.id).then(
    (s) => s?.pid ?? 0,
    () => 0,
  );
  const results = await Promise.all(created.map((r) => startApp(rt, r)));
  await lastLook;
  // A container that fails to start stays `created`: the pod exists and shows the failure (exit 3), like RunContainerError.
  if (opts.wait) {
    await waitSettled(rt, [sandbox.id, ...results.flatMap((r) => (r.id ? [r.id] : []))], opts.waitMs);
    return { name };
  }
  return { name, launched: { sandboxId: sandbox.id, ids: [sandbox.id, ...createdIds], sandboxPid: await sandboxPid } };
}

export interface StartResult {
  container: string;
  id: string | null;
  stage: 'ok' | 'create' | 'start';
  message?: string;
}

async function createApp(rt: Runtime, pod: Pick<PodSpec, 'name' | 'shareProcessNamespace'>, c: ContainerSpec, sandboxId: string, uid: string, attempt = 0): Promise<StartResult> {
  try {
    const id = await rt.containers.create(appConfig(pod, c, sandboxId, uid, attempt));
    return { container: c.name, id, stage: 'ok' };
  } catch (err) {
    return { container: c.name, id: null, stage: 'create', message: message(err) };
  }
}

async function startApp(rt: Runtime, created: StartResult): Promise<StartResult> {
  if (!created.id || created.stage !== 'ok') return created;
  try {
    await rt.containers.start(created.id);
    return created;
  } catch (err) {
    return { ...created, stage: 'start', message: message(err) };
  }
}

export async function createAndStart(rt: Runtime, pod: Pick<PodSpec, 'name' | 'shareProcessNamespace'>, c: ContainerSpec, sandboxId: string, uid: string, attempt = 0): Promise<StartResult> {
  return startApp(rt, await createApp(rt, pod, c, sandboxId, uid, attempt));
}
