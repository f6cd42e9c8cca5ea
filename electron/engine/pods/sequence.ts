// A launch that cannot start its apps alongside the sandbox: sandbox first (its IP), then the init containers in
// order, then the app containers with their environment (status.podIP, fileKeyRef) resolved — the kubelet's order.
import type Docker from 'dockerode';
import type { ConfigObject, PodSpec } from '../../../shared/manifest/types';
import type { EngineConnection } from '../docker';
import { appOptions, sandboxOptions } from './create';
import { engineErrorInfo, isHostPortTaken } from './errors';
import { appCreateFacts, nodeFacts, runInitContainers, type InitContext } from './init';
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

async function removeAll(docker: Docker, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined)));
}

/**
 * Engines before API 1.45 cannot mount a volume's sub-directory: podlab binds `<volume's host path>/<subPath>`
 * instead (the engine runs on this machine then, as on a node).
 */
async function subPathMountpoints(conn: EngineConnection, pod: PodSpec, uid: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const mounts = [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) => c.volumeMounts ?? []).filter((m) => m.subPath);
  const api = Number(conn.apiVersion || '0');
  if (mounts.length === 0 || api >= 1.45) return out;
  for (const name of new Set(mounts.map((m) => engineVolumeName(uid, m.name)))) {
    const info = await conn.docker.getVolume(name).inspect().catch(() => null);
    if (info?.Mountpoint) out.set(name, info.Mountpoint);
  }
  return out;
}

export async function startSequenced(conn: EngineConnection, l: SequencedLaunch): Promise<{ name: string }> {
  const { docker } = conn;
  const { pod, key, uid } = l;
  const sandbox = await docker.createContainer(sandboxOptions(pod, uid, 0, l.sandboxImage));
  if (await lostNameRace(docker, key, { id: sandbox.id, uid }).catch(() => false)) {
    await removeAll(docker, [sandbox.id]);
    throw new NameRaceError(key);
  }
  try {
    await sandbox.start();
  } catch (err) {
    if (isHostPortTaken(err)) return { name: key }; // Pending, as in Kubernetes: nothing else is created yet
    await removeAll(docker, [sandbox.id]);
    throw new Error(`could not start the sandbox of pod ${key}: ${engineErrorInfo(err).message}`, { cause: err });
  }
  const info = await sandbox.inspect();
  const ctx: InitContext = {
    docker,
    pod,
    objects: l.objects,
    uid,
    sandboxId: sandbox.id,
    node: await nodeFacts(docker, info, uid, pod),
    mountpoints: await subPathMountpoints(conn, pod, uid),
    timeoutMs: Number(process.env.PODLAB_INIT_TIMEOUT_MS) || undefined,
  };
  const init = await runInitContainers(ctx);
  // A failed init phase leaves the pod as it is (Init:Error, Init:CrashLoopBackOff): the model shows why.
  if (!init.done) return { name: key };
  const facts = await appCreateFacts(ctx);
  const podRef = { ...pod, name: key, podName: pod.name };
  const created = await Promise.all(
    pod.containers.map((c) =>
      docker.createContainer(appOptions(podRef, c, sandbox.id, uid, 0, facts.get(c.name))).then(
        (x) => ({ id: x.id, error: null }),
        (err: unknown) => ({ id: null, error: `could not create container ${c.name} of pod ${key}: ${engineErrorInfo(err).message}` }),
      ),
    ),
  );
  const failed = created.find((r) => r.error);
  if (failed) {
    const all = await docker.listContainers({ all: true, filters: { label: [`io.podlab.pod=${key}`] } });
    await removeAll(docker, all.filter((c) => c.Id !== sandbox.id).map((c) => c.Id));
    await removeAll(docker, [sandbox.id]);
    throw new Error(`${failed.error}; nothing was left behind`);
  }
  const ids = created.map((r) => r.id!);
  // A failed start leaves the container `created`: the model shows it (RunContainerError), as in the fast path.
  await Promise.all(ids.map((id) => docker.getContainer(id).start().catch(() => undefined)));
  if (l.wait) await waitSettled(docker, [sandbox.id, ...ids], l.waitMs);
  return { name: key };
}
