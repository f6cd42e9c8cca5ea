// Finds and explains port conflicts in a freshly built model, from exits, logs and socket tables
// (owner: conflicts, issue 4). Called by buildModel at the end; fills pod.conflicts and container reasons.
import type { Model } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import type { RawPod } from '../pods/discover';
import { kubeletEvents } from '../kubelet/events';
import { applyRestartState } from '../kubelet/state';
import { detectHostPortConflicts } from './hostports';
import { detectPodPortConflicts } from './podports';

/**
 * `raws`: the pods the model was built from (saves discovering them again). Restart state first (restartCount,
 * CrashLoopBackOff, nextRestartAt), then the conflicts that explain the failures, then the Kubernetes events they imply.
 */
export async function detectConflicts(conn: EngineConnection, model: Model, raws?: RawPod[]): Promise<void> {
  await applyRestartState(conn.docker, model, undefined, raws);
  await Promise.all(
    model.pods.map(async (pod) => {
      const found = [...(await detectHostPortConflicts(conn.docker, pod, !conn.remote)), ...(await detectPodPortConflicts(conn.docker, pod))];
      const key = (c: { kind: string; port: number; protocol: string; victim: { container: string | null } }): string =>
        `${c.kind}/${c.port}/${c.protocol}/${c.victim.container ?? ''}`;
      const seen = new Set(pod.conflicts.map(key));
      for (const c of found) if (!seen.has(key(c))) pod.conflicts.push(c);
      // What the kubelet and the scheduler would record about it (BackOff, Failed, FailedScheduling).
      pod.events = [...(pod.events ?? []), ...kubeletEvents(pod)];
    }),
  );
}
