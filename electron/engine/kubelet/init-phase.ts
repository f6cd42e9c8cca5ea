// The init phase again after SandboxChanged, as the kubelet's computePodActions does it: a new sandbox runs the init
// containers in order (native sidecars started and left running) before the app containers start. The containers are
// re-created at once but wait `created` (LABEL_AWAIT_INIT); each pass of the restart manager starts the next one that
// is due, so the phase goes on from the engine's events (and after a podlab restart) without blocking other pods.
import type { ContainerStatus, Runtime } from '../runtime/runtime';
import { startWithHooks } from '../pods/hooks';
import { LABEL_AWAIT_INIT, LABEL_INIT_INDEX, LABEL_SIDECAR } from '../pods/names';
import { startFailed } from './state';

export const isInit = (c: Pick<ContainerStatus, 'labels'>): boolean => c.labels[LABEL_INIT_INDEX] !== undefined;
export const isSidecar = (c: Pick<ContainerStatus, 'labels'>): boolean => c.labels[LABEL_SIDECAR] === 'true';
/** Made for the phase and not started yet; one whose start failed is the restart back-off's (a new attempt). */
const awaiting = (c: ContainerStatus): boolean => c.labels[LABEL_AWAIT_INIT] === 'true' && c.state === 'created' && !startFailed(c);

/** spec.initContainers order. */
export function initOrder<T extends Pick<ContainerStatus, 'labels'>>(cs: T[]): T[] {
  return cs.filter(isInit).sort((a, b) => Number(a.labels[LABEL_INIT_INDEX]) - Number(b.labels[LABEL_INIT_INDEX]));
}

/**
 * One step of a re-run init phase over the newest attempt of each container of the pod: starts the first init
 * container still waiting, or — once every init container has completed (exit 0) and every sidecar runs — the
 * waiting app containers. A failed init container stops the phase here: the restart manager backs it off (or, with
 * restartPolicy Never, the pod fails) and the next pass goes on from its new attempt. Returns what it started.
 */
export async function advanceInit(rt: Runtime, cs: ContainerStatus[]): Promise<string[]> {
  const waiting = cs.filter(awaiting);
  if (waiting.length === 0) return [];
  for (const c of initOrder(cs)) {
    if (awaiting(c)) {
      // A start that fails leaves it `created` with the engine's error: the model shows it (Init:StartError-like),
      // and the restart manager backs it off and makes a new attempt, as for an init container that failed.
      return (await started(rt, c.id)) ? [c.id] : [];
    }
    if (c.state === 'running' && isSidecar(c)) continue;
    if (c.state === 'exited' && !isSidecar(c) && c.exitCode === 0) continue;
    return []; // running to completion, failed, or a sidecar that is down: wait for the next event
  }
  const apps = waiting.filter((c) => !isInit(c));
  const ok = await Promise.all(apps.map((a) => started(rt, a.id)));
  return apps.filter((_, i) => ok[i]).map((a) => a.id);
}

const started = (rt: Runtime, id: string): Promise<boolean> =>
  startWithHooks(rt, id).then(
    () => true,
    () => false,
  );

/**
 * True when a re-run init phase still waits but nothing of it runs to completion or has failed: no event will move
 * it on (a state read between two of the engine's), so the restart manager must look again by itself, as the
 * kubelet's relist would. A failed init container (exited, or its start refused) is the restart back-off's to schedule.
 */
export function phaseIdle(cs: ContainerStatus[], startedNow: string[]): boolean {
  if (startedNow.length > 0 || !cs.some(awaiting)) return false;
  return !cs.some((c) => isInit(c) && (startFailed(c) || (!isSidecar(c) && (c.state === 'running' || (c.state === 'exited' && c.exitCode !== 0)))));
}
