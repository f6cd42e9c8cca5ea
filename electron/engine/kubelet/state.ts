// Restart state derived from the engine alone (so it survives a podlab restart): restartCount = the container's
// attempt label, next attempt = finishedAt + back-off(step label). Applied to the model after it is built.
import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import type { Model, RestartPolicy } from '../../../shared/model';
import { msg, type Message } from '../../../shared/i18n/message';
import { podEvent, said } from '../../../shared/i18n/facts';
import { backoffFromEnv, nextBackoff, shouldRestart, type BackoffOptions } from '../../../shared/conflicts/backoff';
import { discoverPods, type RawPod } from '../pods/discover';
import { attemptOf, LABEL_BACKOFF, LABEL_SANDBOX_CHANGED } from './clone';

function ms(iso: string | undefined | null): number | null {
  if (!iso || iso.startsWith('0001-')) return null;
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
export function pendingRestart(info: ContainerInspectInfo, policy: RestartPolicy, opts: BackoffOptions): PendingRestart | null {
  const st = info.State;
  if (!st || (st.Status !== 'exited' && st.Status !== 'dead')) return null;
  if (!shouldRestart(policy, st.ExitCode)) return null;
  const finished = ms(st.FinishedAt);
  if (finished == null) return null;
  const started = ms(st.StartedAt) ?? finished;
  const step = Number(info.Config?.Labels?.[LABEL_BACKOFF] ?? 0) || 0;
  const { delayMs, nextStep } = nextBackoff(step, finished - started, opts);
  return { dueAt: finished + delayMs, nextStep };
}

/** A container still running after its sandbox died: what it lost, and what the kubelet would do. */
export function strandedWhy(container: string, policy: RestartPolicy): Message {
  const kubernetes = msg(policy === 'Never' ? 'container.strandedNever' : 'container.strandedSandboxChanged');
  return msg('container.stranded', { container, kubernetes });
}

/**
 * Sets restartCount, CrashLoopBackOff + nextRestartAt and the SandboxChanged event on the model's pods. `raws` are
 * the pods the model was just built from (their inspect data); without them the pods are discovered again.
 */
export async function applyRestartState(docker: Docker, model: Model, opts: BackoffOptions = backoffFromEnv(process.env), raws?: RawPod[]): Promise<void> {
  if (model.pods.length === 0) return;
  const known = raws ?? (await discoverPods(docker, model.pods.map((p) => p.name)).catch((): RawPod[] => []));
  for (const pod of model.pods) {
    const policy = pod.restartPolicy ?? 'Always';
    const raw = known.find((r) => r.name === pod.name);
    const sandbox = raw?.sandbox && raw.sandbox.Id === pod.sandbox?.id ? raw.sandbox : null;
    const changedAt = sandbox?.Config.Labels?.[LABEL_SANDBOX_CHANGED];
    if (changedAt && !(pod.events ?? []).some((e) => e.reason === 'SandboxChanged' && e.at === changedAt)) {
      pod.events = [...(pod.events ?? []), podEvent(changedAt, 'Normal', 'SandboxChanged', msg('event.sandboxChanged'), null, false)];
    }
    const sandboxDead = pod.sandbox?.state === 'exited' || pod.sandbox?.state === 'dead';
    for (const c of pod.containers) {
      if (sandboxDead && c.state === 'running') Object.assign(c, said(strandedWhy(c.name, policy)));
      const info = raw?.apps.find((a) => a.Id === c.id);
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
