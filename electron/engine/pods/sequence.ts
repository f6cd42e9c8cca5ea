// A launch that cannot start its apps alongside the sandbox: sandbox first (its IP), then the init containers in
// order, then the app containers with their environment (status.podIP, fileKeyRef) resolved — the kubelet's order.
import type { ConfigObject, PodSpec } from '../../../shared/manifest/types';
import { startWithHooks } from './hooks';
import type { EngineConnection } from '../docker';
import type { Runtime } from '../runtime/runtime';
import { LABEL_POD } from '../runtime/vocabulary';
import { appConfig, sandboxConfig } from './create';
import { isHostPortTaken } from './errors';
import { appRunFacts, nodeFacts, podRef, runInitContainers, type InitContext } from './init';
import { lostNameRace, NameRaceError } from './race';
import { engineVolumeName } from './volumes';
import { waitSettled } from './wait';

export { needsSequence } from './init';

export interface SequencedLaunch {
  pod: PodSpec;
  /** The pod's key (io.podlab.pod). */
  key: string;
  uid: string;
  sandboxImage: string;
  objects: ConfigObject[];
  wait?: boolean;
  waitMs?: number;
}

async function removeAll(rt: Runtime, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => rt.containers.remove(id).catch(() => undefined)));
}

/** Runtimes that cannot mount a volume's sub-directory get `<volume's host path>/<subPath>` bound instead. */
async function subPathMountpoints(rt: Runtime, pod: PodSpec, uid: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const mounts = [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) => c.volumeMounts ?? []).filter((m) => m.subPath);
  if (mounts.length === 0 || !rt.volumes || rt.volumes.subpaths) return out;
  for (const name of new Set(mounts.map((m) => engineVolumeName(uid, m.name)))) {
    const path = await rt.volumes.hostPath(name).catch(() => null);
    if (path) out.set(name, path);
  }
  return out;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function startSequenced(conn: EngineConnection, l: SequencedLaunch): Promise<{ name: string }> {
  const rt = conn.runtime;
  const { pod, key, uid } = l;
  const sandbox = await rt.sandboxes.run(sandboxConfig(pod, uid, 0, l.sandboxImage));
  const started = await sandbox.started.then(
    () => null,
    (err: unknown) => err,
  );
  if (await lostNameRace(rt, key, { id: sandbox.id, uid }).catch(() => false)) {
    await removeAll(rt, [sandbox.id]);
    throw new NameRaceError(key);
  }
  if (started !== null) {
    if (isHostPortTaken(started)) return { name: key }; // Pending, as in Kubernetes: nothing else is created yet
    await removeAll(rt, [sandbox.id]);
    throw new Error(`could not start the sandbox of pod ${key}: ${message(started)}`, { cause: started });
  }
  const ctx: InitContext = {
    rt,
    pod,
    objects: l.objects,
    uid,
    sandboxId: sandbox.id,
    node: nodeFacts(await rt.sandboxes.status(sandbox.id), uid, pod),
    mountpoints: await subPathMountpoints(rt, pod, uid),
    helperImage: l.sandboxImage,
    timeoutMs: Number(process.env.PODLAB_INIT_TIMEOUT_MS) || undefined,
  };
  const init = await runInitContainers(ctx);
  // A failed init phase leaves the pod as it is (Init:Error, Init:CrashLoopBackOff): the model shows why.
  if (!init.done) return { name: key };
  const facts = await appRunFacts(ctx);
  const created = await Promise.all(
    pod.containers.map((c) =>
      rt.containers.create(appConfig(podRef(pod), c, sandbox.id, uid, 0, facts.get(c.name))).then(
        (id) => ({ id, error: null }),
        (err: unknown) => ({ id: null, error: `could not create container ${c.name} of pod ${key}: ${message(err)}` }),
      ),
    ),
  );
  const failed = created.find((r) => r.error);
  if (failed) {
    const all = await rt.containers.list({ labels: [`${LABEL_POD}=${key}`] });
    await removeAll(rt, all.filter((c) => c.id !== sandbox.id).map((c) => c.id));
    await removeAll(rt, [sandbox.id]);
    throw new Error(`${failed.error}; nothing was left behind`);
  }
  const ids = created.map((r) => r.id!);
  // A failed start leaves the container `created`: the model shows it (RunContainerError), as in the fast path.
  await Promise.all(ids.map((id) => startWithHooks(rt, id).catch(() => undefined)));
  if (l.wait) await waitSettled(rt, [sandbox.id, ...ids], l.waitMs);
  return { name: key };
}
