// Computes a pod's phase the way Kubernetes does, from the sandbox and the app containers' states.
import type { ContainerState, PodPhase, RestartPolicy } from './model';

export interface PhaseInput {
  sandbox: { state: ContainerState } | null;
  /** `reason` (optional) lets a container that could not start (RunContainerError) name the pending pod's reason. */
  containers: { state: ContainerState; exitCode: number | null; reason?: string | null }[];
  restartPolicy?: RestartPolicy;
}

/**
 * Unknown: the sandbox is gone. Pending: the sandbox is not running, or no container has started yet.
 * Running: at least one container runs (or restarts, or will be restarted by the policy).
 * Succeeded / Failed: every container terminated and the policy will not restart them.
 */
export function podPhase(p: PhaseInput): { phase: PodPhase; reason: string | null } {
  if (!p.sandbox) return { phase: 'Unknown', reason: 'the pod sandbox is gone' };
  const cs = p.containers;
  const policy = p.restartPolicy ?? 'Always';
  const terminated = (s: ContainerState): boolean => s === 'exited' || s === 'dead';
  if (cs.length > 0 && cs.every((c) => terminated(c.state))) {
    const failed = cs.some((c) => (c.exitCode ?? 1) !== 0);
    if (policy === 'Never') return failed ? { phase: 'Failed', reason: 'a container exited with an error' } : { phase: 'Succeeded', reason: null };
    if (policy === 'OnFailure' && !failed) return { phase: 'Succeeded', reason: null };
  }
  if (p.sandbox.state !== 'running') {
    if (terminated(p.sandbox.state) && cs.some((c) => c.state === 'running')) {
      return { phase: 'Running', reason: 'the pod sandbox is not running (SandboxChanged)' };
    }
    return { phase: 'Pending', reason: `the pod sandbox is ${p.sandbox.state}` };
  }
  if (cs.length === 0) return { phase: 'Pending', reason: 'no containers yet' };
  const started = cs.some((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  if (started) return { phase: 'Running', reason: null };
  if (cs.every((c) => c.state === 'created')) {
    return { phase: 'Pending', reason: cs.some((c) => c.reason === 'RunContainerError') ? 'RunContainerError' : 'ContainerCreating' };
  }
  // Some exited, none running, and the policy restarts them: the kubelet keeps the pod Running (CrashLoopBackOff).
  return { phase: 'Running', reason: 'containers are waiting to be restarted' };
}
