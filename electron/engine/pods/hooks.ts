// Container lifecycle hooks as the kubelet runs them: postStart right after a container starts (a failure kills the
// container — FailedPostStartHook — and the restart manager restarts it per restartPolicy), preStop before podlab
// stops a container, bounded by terminationGracePeriodSeconds (a failure is reported — FailedPreStopHook — and the
// stop proceeds). exec runs inside the container, httpGet goes from the node to the pod's IP, sleep waits.
import { EventEmitter } from 'node:events';
import type { ContainerSpec, LifecycleHandler, ProbeSpec } from '../../../shared/manifest/types';
import type { Runtime } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_POD, LABEL_SPEC } from '../runtime/vocabulary';
import { containerSpecFromLabels, podSpecFromLabels, unpackLabel } from './spec';
import { runProbeOnce } from './probe-exec';
import type { PodEvent } from '../../../shared/model';
import type { HookEventReason } from '../../../shared/reasons';
import { msg } from '../../../shared/i18n/message';
import { podEvent } from '../../../shared/i18n/facts';


export interface HookFailure {
  pod: string;
  container: string;
  reason: HookEventReason;
  /** The handler's output or what went wrong, in the kubelet's words ("PostStartHookError: …"). */
  detail: string;
  at: string;
}

/** Hook failures of this process, for the live model's timeline (the engine records no event for an exec's exit). */
export const hookFailures = new EventEmitter<{ failure: [HookFailure] }>();

/** The pod event of a hook failure, in the kubelet's reason. */
export function hookEvent(f: HookFailure): PodEvent {
  const code = f.reason === 'FailedPostStartHook' ? 'event.failedPostStartHook' : 'event.failedPreStopHook';
  return podEvent(f.at, 'Warning', f.reason, msg(code, { container: f.container, detail: f.detail }), f.container);
}

/** postStart has no timeout in Kubernetes; podlab bounds a hung handler so a launch always returns. */
const POST_START_LIMIT_S = 30;
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_S = 30;

interface Target {
  pod: string;
  container: string;
  ip: string;
  handler: LifecycleHandler | undefined;
  grace: number;
  ports: ContainerSpec['ports'];
}

async function targetOf(rt: Runtime, id: string, which: 'postStart' | 'preStop'): Promise<Target | null> {
  const info = await rt.containers.status(id).catch(() => null);
  if (!info || info.state !== 'running') return null;
  const spec = containerSpecFromLabels(info.labels);
  const handler = spec?.lifecycle?.[which];
  if (!spec || !handler) return null;
  const sandbox = info.joined.network ? await rt.sandboxes.status(info.joined.network).catch(() => null) : null;
  const grace = podSpecFromLabels(sandbox?.labels)?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_S;
  return { pod: info.labels[LABEL_POD] ?? '', container: info.labels[LABEL_CONTAINER] ?? '', ip: sandbox?.network?.ip || '127.0.0.1', handler, grace, ports: spec.ports };
}

/** Runs one handler within limitS seconds; null when it succeeded, else what went wrong. */
async function runHandler(rt: Runtime, id: string, t: Target, limitS: number): Promise<string | null> {
  const h = t.handler!;
  if ('sleep' in h) {
    await new Promise((r) => setTimeout(r, Math.min(h.sleep.seconds, limitS) * 1000));
    return null;
  }
  if ('exec' in h) {
    try {
      const r = await rt.exec(id, h.exec.command, { timeoutMs: limitS * 1000 });
      if (r.exitCode === 0) return null;
      return `command '${h.exec.command.join(' ')}' exited with ${r.exitCode}: ${(r.stderr || r.stdout).trim()}`.trim();
    } catch (err) {
      return `command '${h.exec.command.join(' ')}' did not complete: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const probe: ProbeSpec = { httpGet: h.httpGet, timeoutSeconds: limitS };
  return (await runProbeOnce(rt, id, probe, t.ip, t)) ? null : `HTTP GET ${h.httpGet.path || '/'} on port ${h.httpGet.port} failed`;
}

function report(t: Target, reason: HookEventReason, detail: string): void {
  hookFailures.emit('failure', { pod: t.pod, container: t.container, reason, detail, at: new Date().toISOString() });
}

/**
 * After a start: the container's postStart hook, if any. On failure the container is killed, as the kubelet does;
 * resolves to false then.
 */
export async function runPostStart(rt: Runtime, id: string): Promise<boolean> {
  const t = await targetOf(rt, id, 'postStart');
  if (!t) return true;
  const why = await runHandler(rt, id, t, POST_START_LIMIT_S);
  if (why === null) return true;
  report(t, 'FailedPostStartHook', `PostStartHookError: ${why}`);
  await rt.containers.stop(id, 0).catch(() => undefined);
  return false;
}

/** Starts a created container, then runs its postStart hook (the kubelet's startContainer). */
export async function startWithHooks(rt: Runtime, id: string): Promise<void> {
  await rt.containers.start(id);
  await runPostStart(rt, id);
}

/**
 * Before a stop: the container's preStop hook, if it is running and has one, within the pod's grace period. Resolves
 * to the seconds of grace left for the stop itself (at least `minGrace`).
 */
export async function runPreStop(rt: Runtime, id: string, minGrace: number): Promise<number> {
  const t = await targetOf(rt, id, 'preStop');
  if (!t) return minGrace;
  const began = Date.now();
  const why = await runHandler(rt, id, t, t.grace);
  if (why !== null) report(t, 'FailedPreStopHook', `PreStopHookError: ${why}`);
  return Math.max(minGrace, Math.ceil(t.grace - (Date.now() - began) / 1000));
}

/**
 * Whether a listed container's stored spec names a preStop hook: a plain look at its label, no inspect and no
 * validation (runPreStop inspects and validates those that do). Pod removal asks this of every container it lists.
 */
export function namesPreStop(labels: Record<string, string>): boolean {
  const spec = unpackLabel(labels[LABEL_SPEC]);
  return typeof spec === 'object' && spec !== null && !!(spec as { lifecycle?: { preStop?: unknown } }).lifecycle?.preStop;
}

/** preStop for several containers at once (pod removal, SandboxChanged): each within its own grace. */
export async function runPreStops(rt: Runtime, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => runPreStop(rt, id, 0).catch(() => 0)));
}
