// The "not running" answer of exec/debug: the container's state and Kubernetes reason from the model, and what to do.
import type { EngineConnection } from '../docker';
import { HandsError, type Target } from './target';

/** Throws HandsError('not-running') unless the target container runs (and, for a pod's hands, its sandbox). */
export async function ensureRunning(conn: EngineConnection, t: Target, verb = 'exec into'): Promise<void> {
  if (t.container.state === 'running') return;
  const { buildModel } = await import('../model/build');
  const model = await buildModel(conn, { pods: [t.pods.pod], events: false }).catch(() => null);
  const pod = model?.pods.find((p) => p.name === t.pods.pod);
  const c = pod?.containers.find((x) => x.name === t.name) ?? pod?.ephemeralContainers?.find((x) => x.name === t.name);
  const state = c?.state ?? t.container.state;
  const exit = c && 'exitCode' in c && c.exitCode != null ? ` (exit ${c.exitCode})` : '';
  const reason = c && 'reason' in c && c.reason ? `, ${c.reason}` : '';
  const restarts = c && 'restartCount' in c && c.restartCount > 0 ? `; restarted ${c.restartCount} time${c.restartCount === 1 ? '' : 's'}` : '';
  const logs = `podlab logs ${t.pods.pod} -c ${t.name}`;
  const hint =
    c && 'restartCount' in c && c.restartCount > 0
      ? `see why it stopped: ${logs} (this attempt) or ${logs} --previous (the attempt before)`
      : `see why it stopped: ${logs}`;
  throw new HandsError('not-running', `cannot ${verb} container ${t.name} of pod ${t.pods.pod}: it is not running — ${state}${exit}${reason}${restarts}; ${hint}`);
}
