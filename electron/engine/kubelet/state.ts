// Restart state derived from the runtime alone (so it survives a podlab restart): restartCount = the container's
// attempt label, next attempt = finishedAt + back-off(step label). A stage of the pod's derivation.
import type { PodEvent, PodModel, RestartPolicy } from '../../../shared/model';
import { msg, type Message } from '../../../shared/i18n/message';
import { podEvent, said } from '../../../shared/i18n/facts';
import type { ContainerReason } from '../../../shared/reasons';
import { nextBackoff, shouldRestart, type BackoffOptions } from '../../../shared/conflicts/backoff';
import type { RawPod } from '../pods/discover';
import type { ContainerStatus } from '../runtime/runtime';
import { attemptOf, LABEL_BACKOFF, LABEL_SANDBOX_CHANGED } from '../runtime/vocabulary';

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
export function strandedWhy(container: string, policy: RestartPolicy): Message {
  const kubernetes = msg(policy === 'Never' ? 'container.strandedNever' : 'container.strandedSandboxChanged');
  return msg('container.stranded', { container, kubernetes });
}

/** What the kubelet's restart bookkeeping adds to one container. */
export interface RestartFinding {
  restartCount: number;
  reason?: ContainerReason;
  nextRestartAt?: string;
  /** Set for a container still running after its sandbox died (message: why in English). */
  message?: string;
  why?: Message;
}

export interface RestartFindings {
  /** By container id. */
  containers: Map<string, RestartFinding>;
  /** SandboxChanged, when the restart manager re-created this pod's sandbox. */
  events: PodEvent[];
}

/**
 * Restart state of one pod from the runtime alone: restartCount, CrashLoopBackOff + nextRestartAt, the stranded
 * containers of a dead sandbox, and the SandboxChanged event. Pure: a derivation stage.
 */
export function restartState(pod: PodModel, raw: RawPod, opts: BackoffOptions): RestartFindings {
  const policy = pod.restartPolicy ?? 'Always';
  const sandbox = raw.sandbox && raw.sandbox.id === pod.sandbox?.id ? raw.sandbox : null;
  const changedAt = sandbox?.labels[LABEL_SANDBOX_CHANGED];
  const events: PodEvent[] = changedAt ? [podEvent(changedAt, 'Normal', 'SandboxChanged', msg('event.sandboxChanged'), null, false)] : [];
  const sandboxDead = pod.sandbox?.state === 'exited' || pod.sandbox?.state === 'dead';
  const containers = new Map<string, RestartFinding>();
  for (const c of pod.containers) {
    const f: RestartFinding = { restartCount: c.restartCount ?? 0 };
    if (sandboxDead && c.state === 'running') Object.assign(f, said(strandedWhy(c.name, policy)));
    const info = raw.apps.find((a) => a.id === c.id);
    if (info) {
      f.restartCount = Math.max(f.restartCount, attemptOf(info));
      const pending = pendingRestart(info, policy, opts);
      if (pending) f.nextRestartAt = new Date(pending.dueAt).toISOString();
      if (pending && c.exitCode !== 0) f.reason = 'CrashLoopBackOff';
      else if (!pending && c.state === 'exited' && c.exitCode !== 0 && c.exitCode != null && !c.reason) f.reason = 'Error';
    }
    containers.set(c.id, f);
  }
  return { containers, events };
}
