// Shared steps of the manifest suites (manifests-run, manifests-hooks, …): launch a manifest in-process, read one pod's
// one-shot model, find a container's id by its labels, and remove everything a suite created (volumes too).
import { afterAll, beforeAll } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import type { Kubelet } from '../../electron/engine/kubelet/manager';
import { buildModel } from '../../electron/engine/model/build';
import { launchPodDetailed, removePods } from '../../electron/engine/pods/lifecycle';
import { LABEL_POD } from '../../electron/engine/runtime/vocabulary';
import { parseManifest } from '../../shared/manifest/parse';
import type { PodModel } from '../../shared/model';
import type { Backend, BackendEngine } from './backends';
import { docker } from './helpers';

export const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';

/** Launches `text` (DEMO stands for the demo image); records the pod's key in `created` before it exists. */
export async function launchManifest(conn: EngineConnection, text: string, created: string[], key?: string): Promise<string> {
  const r = parseManifest(text.replaceAll('DEMO', DEMO));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  created.push(key ?? r.pod.name);
  return (await launchPodDetailed(conn, r.pod, { objects: r.objects })).name;
}

export async function podOf(conn: EngineConnection, key: string): Promise<PodModel> {
  const p = (await buildModel(conn, { pods: [key] })).pods.find((x) => x.name === key);
  if (!p) throw new Error(`pod ${key} not in the model`);
  return p;
}

export function idOf(key: string, container: string): string {
  return docker(['ps', '-aq', '--filter', `label=${LABEL_POD}=${key}`, '--filter', `label=io.podlab.container=${container}`]).split('\n')[0];
}

/** Removes the pods, then anything left of them (an attempt made during the removal, their engine volumes). */
export async function removeCreated(conn: EngineConnection, created: string[]): Promise<void> {
  for (const key of created) {
    await removePods(conn, [key]).catch(() => undefined);
    const left = await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${key}`] });
    await Promise.all(left.map((c) => conn.runtime.containers.remove(c.id).catch(() => undefined)));
    const vols = (await conn.runtime.volumes?.list(`${LABEL_POD}=${key}`)) ?? [];
    await Promise.all(vols.map((v) => conn.runtime.volumes?.remove(v.name).catch(() => undefined)));
  }
}

/** A describe block's engine on one backend: started before its tests; after them the kubelet logic it started is
 *  halted (no restart races the removal), the pods named in `created` are removed, then `after` and the engine's cleanup. */
export function onBackend(
  backend: Backend,
  suite: { created: string[]; kubelets: Kubelet[]; started: (eng: BackendEngine, conn: EngineConnection) => void; after?: () => void },
): void {
  let eng: BackendEngine | undefined;
  let conn: EngineConnection | undefined;
  beforeAll(async () => {
    eng = await backend.start();
    conn = await eng.connect();
    suite.started(eng, conn);
  }, 120_000);
  afterAll(async () => {
    try {
      await Promise.all(suite.kubelets.map((k) => k.halt()));
      if (conn) await removeCreated(conn, suite.created);
    } finally {
      suite.after?.();
      await eng?.cleanup();
    }
  }, 120_000);
}
