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
import { LABEL_AWAIT_INIT } from '../pods/names';
import { msIso } from '../model/apply';

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

/**
 * Podman records no start error on a container (it stays `created`, exit code 0, no error): one that has stayed
 * created, never started, this long while its sandbox runs is taken as one whose start failed. podlab starts a
 * container right after creating it, and a kubelet restarts any container it finds left created. (Its sandbox too:
 * pending.ts.)
 */
export const UNRECORDED_START_MS = 10_000;

type StartInfo = Pick<ContainerStatus, 'state' | 'error' | 'startedAt' | 'createdAt' | 'labels'>;

/** Where and when a container is looked at: its pod's sandbox (null when none), and the time (epoch ms). */
export interface StartContext {
  sandbox: Pick<ContainerStatus, 'state' | 'startedAt'> | null;
  now: number;
}

/** A start that failed with no record of it (Podman): left `created` UNRECORDED_START_MS while its sandbox runs. */
export function unrecordedStartFailure(info: StartInfo, ctx: StartContext): boolean {
  if (info.state !== 'created' || info.error || info.startedAt || info.labels[LABEL_AWAIT_INIT] === 'true') return false;
  const sandbox = ctx.sandbox;
  if (sandbox?.state !== 'running' || !sandbox.startedAt) return false;
  return ctx.now - Math.max(Date.parse(info.createdAt), Date.parse(sandbox.startedAt)) >= UNRECORDED_START_MS;
}

/**
 * A container the runtime could not start: never started, with the runtime's error. Docker and Podman leave it
 * `created` (with an exit code such as 127 for a command that is not there); a CRI runtime reports it exited
 * (containerd: StartError, 128).
 */
export function startFailed(info: Pick<ContainerStatus, 'state' | 'error' | 'startedAt'>): boolean {
  return info.state !== 'running' && !info.startedAt && !!info.error;
}

/**
 * For an exited container that the policy restarts: when its back-off ends. null when it is not to be restarted. A
 * container that could not start is a terminated attempt too, as cri-dockerd reports it to the kubelet (exited,
 * ContainerCannotRun, finished when it was created): the kubelet restarts it with the same back-off.
 */
export function pendingRestart(
  info: StartInfo & Pick<ContainerStatus, 'exitCode' | 'finishedAt'>,
  policy: RestartPolicy,
  opts: BackoffOptions,
  ctx?: StartContext,
): PendingRestart | null {
  const failedStart = startFailed(info) || (!!ctx && unrecordedStartFailure(info, ctx));
  if (info.state !== 'exited' && info.state !== 'dead' && !failedStart) return null;
  // An engine that kept no exit code for a failed start: containerd's 128 (a start error is never a success).
  if (!shouldRestart(policy, failedStart && info.exitCode === 0 ? 128 : info.exitCode)) return null;
  const finished = ms(info.finishedAt) ?? (failedStart ? ms(info.createdAt) : null);
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

/**
 * What a kubelet records for a start that failed: `Warning Failed` "Error: <the runtime's words>" (as kubectl describe
 * shows it), and while the container backs off, `Warning BackOff` — for one still `created` (Docker, Podman): an exited
 * one gets its BackOff at its exit (events.ts). At the attempt's end, else its creation: each attempt once.
 */
function failedStartEvents(pod: string, container: string, info: StartInfo & Pick<ContainerStatus, 'finishedAt'>, backingOff: boolean, unrecorded: boolean): PodEvent[] {
  const at = msIso(info.finishedAt) ?? msIso(info.createdAt);
  if (!at) return [];
  const why = unrecorded ? msg('container.startUnrecorded', { seconds: UNRECORDED_START_MS / 1000 }) : msg('event.text', { text: `Error: ${info.error}` });
  const out = [podEvent(at, 'Warning', 'Failed', why, container, unrecorded)];
  if (backingOff && info.state === 'created') out.push(podEvent(at, 'Warning', 'BackOff', msg('event.backOff', { container, pod }), container, false));
  return out;
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
 * containers of a dead sandbox, and the SandboxChanged event and those of failed starts. Pure: a derivation stage.
 */
export function restartState(pod: PodModel, raw: RawPod, opts: BackoffOptions, now: number): RestartFindings {
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
      const ctx: StartContext = { sandbox, now };
      const pending = pendingRestart(info, policy, opts, ctx);
      if (pending) f.nextRestartAt = new Date(pending.dueAt).toISOString();
      // A container that could not start shows RunContainerError until the kubelet has tried again, then CrashLoopBackOff
      // while it backs off (kubectl shows the one, then the other); on every runtime, whichever state it reports.
      const unrecorded = unrecordedStartFailure(info, ctx);
      const cannotStart = unrecorded || startFailed(info);
      if (unrecorded) Object.assign(f, said(msg('container.startUnrecorded', { seconds: UNRECORDED_START_MS / 1000 })));
      if (pending && (cannotStart ? f.restartCount > 0 : c.exitCode !== 0)) f.reason = 'CrashLoopBackOff';
      else if (cannotStart) f.reason = 'RunContainerError';
      else if (!pending && c.state === 'exited' && c.exitCode !== 0 && c.exitCode != null && !c.reason) f.reason = 'Error';
      if (cannotStart) events.push(...failedStartEvents(pod.name, c.name, info, f.reason === 'CrashLoopBackOff', unrecorded));
    }
    containers.set(c.id, f);
  }
  return { containers, events };
}
