// A pod's phase and reason while its init containers run, as kubectl shows them: Init:N/M, Init:Error,
// Init:CrashLoopBackOff, PodInitializing. Pure: from the model's containers and the manifest.
import type { ContainerModel, PodPhase, PodWhy, RestartPolicy } from './model';
import { msg } from './i18n/message';
import type { PodReason } from './reasons';

/** The kubectl word is the whole message (Init:1/2, PodInitializing). */
const word = (reason: PodReason, text: string = reason): PodWhy => ({ reason, message: msg('pod.kubernetesReason', { reason: text }) });

export interface InitInput {
  /** spec.initContainers in order (name, and whether it is a native sidecar). */
  declared: { name: string; sidecar: boolean }[];
  /** The plain init containers the engine has (newest attempt each). */
  inits: Pick<ContainerModel, 'name' | 'state' | 'exitCode' | 'restartCount'>[];
  /** The app containers, native sidecars among them (sidecar: true). */
  containers: Pick<ContainerModel, 'name' | 'state' | 'sidecar'>[];
  restartPolicy: RestartPolicy;
}

/** null when the pod has no init containers or its init phase is over (the usual phase rules apply then). */
export function initPhase(p: InitInput): { phase: PodPhase; why: PodWhy } | null {
  if (p.declared.length === 0) return null;
  const apps = p.containers.filter((c) => !c.sidecar);
  // Apps that have started end the init phase. Apps made but waiting (`created`: after SandboxChanged the kubelet
  // re-runs the init containers first) leave it on: Init:N/M until every init container is done, then PodInitializing.
  if (apps.length > 0 && !apps.every((c) => c.state === 'created')) return null;
  let done = 0;
  for (const d of p.declared) {
    if (d.sidecar) {
      if (!p.containers.some((c) => c.name === d.name && c.state === 'running')) break;
    } else {
      const c = p.inits.find((x) => x.name === d.name);
      if (!c || c.state !== 'exited' || c.exitCode !== 0) {
        if (c && (c.state === 'exited' || c.state === 'dead') && c.exitCode !== 0) {
          if (p.restartPolicy === 'Never') return { phase: 'Failed', why: word('Init:Error') };
          return { phase: 'Pending', why: word(c.restartCount > 0 ? 'Init:CrashLoopBackOff' : 'Init:Error') };
        }
        break;
      }
    }
    done += 1;
  }
  if (apps.length > 0 && done === p.declared.length) return { phase: 'Pending', why: word('PodInitializing') };
  return { phase: 'Pending', why: word('Init:N/M', `Init:${done}/${p.declared.length}`) };
}
