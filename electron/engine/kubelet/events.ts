// The events the kubelet and the scheduler would record for a pod, derived from its built state (restart state and
// conflicts), so one-shot models (inspect) show them too: BackOff, Failed, FailedScheduling. Pure.
import type { PodEvent, PodModel } from '../../../shared/model';
import { msg, render, type Message } from '../../../shared/i18n/message';
import { podEvent } from '../../../shared/i18n/facts';
import { conflictMessage } from '../../../shared/conflicts/explain';
import { LABEL_CONTAINER, LABEL_POD, LABEL_ROLE } from '../runtime/vocabulary';
import type { RuntimeEvent } from '../runtime/runtime';
import { msIso } from '../model/apply';
import { LABEL_BACKOFF } from '../runtime/vocabulary';

export const FAILED_SCHEDULING_MESSAGE = render(msg('event.failedScheduling'));

function backOff(container: string, pod: string): Message {
  return msg('event.backOff', { container, pod });
}

export function backOffMessage(container: string, pod: string): string {
  return render(backOff(container, pod));
}

/**
 * BackOff for a container waiting to be restarted (with the explanation when it lost a port), Failed for a pod-port
 * victim that stays terminated, FailedScheduling for a pod Pending on a taken hostPort. Times are stable (the exit,
 * the sandbox's creation), so a live model that keeps them sees each once.
 */
export function kubeletEvents(pod: PodModel): PodEvent[] {
  const out: PodEvent[] = [];
  const hostPort = pod.conflicts.find((c) => c.kind === 'host-port' && c.victim.pod === pod.name);
  if (hostPort && pod.phase === 'Pending') {
    const at = msIso(pod.createdAt) ?? msIso(hostPort.at) ?? new Date().toISOString();
    out.push(podEvent(at, 'Warning', 'FailedScheduling', msg('event.failedScheduling'), null, false));
  }
  for (const c of pod.containers) {
    if (c.state !== 'exited' && c.state !== 'dead') continue;
    const lost = pod.conflicts.find((x) => x.kind === 'pod-port' && x.victim.container === c.name);
    const at = msIso(c.finishedAt) ?? msIso(lost?.at) ?? null;
    if (!at) continue;
    if (c.reason === 'CrashLoopBackOff') {
      if (!lost) {
        out.push(podEvent(at, 'Warning', 'BackOff', backOff(c.name, pod.name), c.name, false));
        continue;
      }
      // With a lost port the explanation rides along (the conflict may be gone when the event is read); the English
      // is the conflict's own sentence.
      const why = msg('event.backOffBecause', { backOff: backOff(c.name, pod.name), why: conflictMessage(lost, pod) });
      out.push({ ...podEvent(at, 'Warning', 'BackOff', why, c.name), message: `${backOffMessage(c.name, pod.name)} — ${lost.message}` });
    } else if (lost) {
      out.push({ at, type: 'Warning', reason: 'Failed', message: lost.message, container: c.name });
    }
  }
  return out;
}

/** The scheduler's event when a Pending pod finally gets its hostPort (the restart manager started it). */
export function scheduledEvent(pod: string, at: string = new Date().toISOString()): PodEvent {
  return podEvent(at, 'Normal', 'Scheduled', msg('event.scheduled', { pod }), null, false);
}

/**
 * BackOff in a replay of the engine's events (one-shot models): a restart by the manager (an app container created
 * with io.podlab.backoff ≥ 1) means the attempt it replaces backed off after its last non-zero exit.
 */
export class BackOffHistory {
  private lastDie = new Map<string, RuntimeEvent>();

  see(ev: RuntimeEvent): PodEvent | null {
    const pod = ev.attributes[LABEL_POD];
    const c = ev.attributes[LABEL_CONTAINER];
    if (!pod || !c || ev.attributes[LABEL_ROLE] !== 'app') return null;
    const key = `${pod}/${c}`;
    if (ev.action === 'die') {
      this.lastDie.set(key, ev);
      return null;
    }
    if (ev.action !== 'create' || !(Number(ev.attributes[LABEL_BACKOFF]) >= 1)) return null;
    const die = this.lastDie.get(key);
    this.lastDie.delete(key);
    if (!die || Number(die.attributes.exitCode ?? 0) === 0) return null;
    return podEvent(die.at, 'Warning', 'BackOff', backOff(c, pod), c, false);
  }
}
