// Computes a pod's phase the way Kubernetes does, from the sandbox and the app containers' states, with why as facts
// (a Kubernetes reason and a message code; shared/i18n renders the words).
import type { ContainerState, PodPhase, PodWhy, RestartPolicy } from './model';
import { english, msg, type Message } from './i18n/message';
import type { PodReason } from './reasons';

export interface PhaseInput {
  sandbox: { state: ContainerState } | null;
  /** `reason` (optional) lets a container that could not start (RunContainerError) name the pending pod's reason. */
  containers: { state: ContainerState; exitCode: number | null; reason?: string | null }[];
  restartPolicy?: RestartPolicy;
}

const why = (reason: PodReason, message: Message): PodWhy => ({ reason, message });
/** The Kubernetes word itself is the whole message (ContainerCreating, RunContainerError). */
const word = (reason: PodReason): PodWhy => why(reason, msg('pod.kubernetesReason', { reason }));

/**
 * Unknown: the sandbox is gone. Pending: the sandbox is not running, or no container has started yet.
 * Running: at least one container runs (or restarts, or will be restarted by the policy).
 * Succeeded / Failed: every container terminated and the policy will not restart them.
 */
export function podPhaseWhy(p: PhaseInput): { phase: PodPhase; why: PodWhy | null } {
  if (!p.sandbox) return { phase: 'Unknown', why: why('SandboxChanged', msg('pod.sandboxGone')) };
  const cs = p.containers;
  const policy = p.restartPolicy ?? 'Always';
  const terminated = (s: ContainerState): boolean => s === 'exited' || s === 'dead';
  if (cs.length > 0 && cs.every((c) => terminated(c.state))) {
    const failed = cs.some((c) => (c.exitCode ?? 1) !== 0);
    if (policy === 'Never') return failed ? { phase: 'Failed', why: why('Error', msg('pod.containerError')) } : { phase: 'Succeeded', why: null };
    if (policy === 'OnFailure' && !failed) return { phase: 'Succeeded', why: null };
  }
  if (p.sandbox.state !== 'running') {
    if (terminated(p.sandbox.state) && cs.some((c) => c.state === 'running')) {
      return { phase: 'Running', why: why('SandboxChanged', msg('pod.sandboxNotRunningChanged')) };
    }
    const state = p.sandbox.state;
    return { phase: 'Pending', why: why(state === 'created' ? 'ContainerCreating' : 'SandboxChanged', msg('pod.sandboxState', { state })) };
  }
  if (cs.length === 0) return { phase: 'Pending', why: why('ContainerCreating', msg('pod.noContainers')) };
  const started = cs.some((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  if (started) return { phase: 'Running', why: null };
  if (cs.every((c) => c.state === 'created')) {
    return { phase: 'Pending', why: word(cs.some((c) => c.reason === 'RunContainerError') ? 'RunContainerError' : 'ContainerCreating') };
  }
  // Some exited, none running, and the policy restarts them: the kubelet keeps the pod Running (CrashLoopBackOff).
  return { phase: 'Running', why: why('CrashLoopBackOff', msg('pod.waitingRestart')) };
}

/** The phase and its reason in English (PodModel.reason). */
export function podPhase(p: PhaseInput): { phase: PodPhase; reason: string | null } {
  const r = podPhaseWhy(p);
  return { phase: r.phase, reason: english(r.why?.message) };
}
