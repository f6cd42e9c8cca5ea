// Restart state derived from the engine alone (so it survives a podlab restart): restartCount = the container's
// attempt label, next attempt = finishedAt + back-off(step label). Applied to the model after it is built.
import type { Model, PodEvent, RestartPolicy } from '../../../shared/model';
import { backoffFromEnv, nextBackoff, shouldRestart, type BackoffOptions } from '../../../shared/conflicts/backoff';
import type { RawPod } from '../pods/discover';
import type { ContainerStatus } from '../runtime/runtime';
import { attemptOf, LABEL_BACKOFF, LABEL_SANDBOX_CHANGED } from '../runtime/vocabulary';

export const SANDBOX_CHANGED_MESSAGE = 'Pod sandbox changed, it will be killed and re-created.';

function ms(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export interface PendingRestart {
  /** When the kubelet may restart this container (epoch ms). */
  dueAt: number;
  /** The back-off step the next container carries. */
  nextStep: number;
}

/** For an exited container that the policy restarts: when its back-off ends. null when it is not to be restarted. */
export function pendingRestart(info: Pick<ContainerStatus, 'state' | 'exitCode' | 'startedAt' | 'finishedAt' | 'labels'>, policy: RestartPolicy, opts: BackoffOptions): PendingRestart | null {
  if (info.state !== 'exited' && info.state !== 'dead') return null;
  if (!shouldRestart(policy, info.exitCode)) return null;
  const finished = ms(info.finishedAt);
  if (finished == null) return null;
  const started = ms(info.startedAt) ?? finished;
  const step = Number(info.labels[LABEL_BACKOFF] ?? 0) || 0;
  const { delayMs, nextStep } = nextBackoff(step, finished - started, opts);
  return { dueAt: finished + delayMs, nextStep };
}

/** A container still running after its sandbox died: what it lost, and what the kubelet would do. */
export function strandedMessage(container: string, policy: RestartPolicy): string {
  const k8s =
    policy === 'Never'
      ? 'With restartPolicy Never the kubelet does not re-create the sandbox.'
      : "In Kubernetes: SandboxChanged — the kubelet kills the pod's containers and re-creates the sandbox (podlab does the same while it runs live).";
  return `${container} still runs, but its network namespace lost eth0 with the dead sandbox: only lo is left. ${k8s}`;
}

/**
 * Sets restartCount, CrashLoopBackOff + nextRestartAt and the SandboxChanged event on the model's pods. `raws` are
 * the pods the model was just built from (their status).
 */
export function applyRestartState(model: Model, raws: RawPod[], opts: BackoffOptions = backoffFromEnv(process.env)): void {
  const known = raws;
  for (const pod of model.pods) {
    const policy = pod.restartPolicy ?? 'Always';
    const raw = known.find((r) => r.name === pod.name);
    const sandbox = raw?.sandbox && raw.sandbox.id === pod.sandbox?.id ? raw.sandbox : null;
    const changedAt = sandbox?.labels[LABEL_SANDBOX_CHANGED];
    if (changedAt && !(pod.events ?? []).some((e) => e.reason === 'SandboxChanged' && e.at === changedAt)) {
      const ev: PodEvent = { at: changedAt, type: 'Normal', reason: 'SandboxChanged', message: SANDBOX_CHANGED_MESSAGE };
      pod.events = [...(pod.events ?? []), ev];
    }
    const sandboxDead = pod.sandbox?.state === 'exited' || pod.sandbox?.state === 'dead';
    for (const c of pod.containers) {
      if (sandboxDead && c.state === 'running') c.message = strandedMessage(c.name, policy);
      const info = raw?.apps.find((a) => a.id === c.id);
      if (!info) continue;
      c.restartCount = Math.max(c.restartCount ?? 0, attemptOf(info));
      const pending = pendingRestart(info, policy, opts);
      if (pending && c.exitCode !== 0) {
        c.reason = 'CrashLoopBackOff';
        c.nextRestartAt = new Date(pending.dueAt).toISOString();
      } else if (pending) {
        c.nextRestartAt = new Date(pending.dueAt).toISOString();
      } else if (c.state === 'exited' && c.exitCode !== 0 && c.exitCode != null) {
        c.reason ??= 'Error';
      }
    }
  }
}
