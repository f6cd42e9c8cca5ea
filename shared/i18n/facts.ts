// Small builders that keep a fact's code and its English together in the model (the code for views in any language,
// the English for the JSON fields and the CLI, which other tools read), and the code of a pod event.
import type { ContainerModel, PodEvent, PodModel } from '../model';
import { conflictMessage } from '../conflicts/explain';
import { msg, render, type Lang, type Message } from './message';

/** A container's or pod's message: the code and its English rendering. */
export function said(why: Message): { why: Message; message: string } {
  return { why, message: render(why) };
}

/**
 * A pod event in Kubernetes' shape. Its code rides along (`why`) only when the message needs facts beyond the event's
 * reason, container and pod (an image, a signal, an exit code, a conflict); otherwise eventWhy derives it.
 */
export function podEvent(at: string, type: PodEvent['type'], reason: string, why: Message, container: string | null = null, carry = true): PodEvent {
  const e: PodEvent = { at, type, reason, message: render(why), container };
  return carry ? { ...e, why } : e;
}

/** Who an event is about, from its container (null: the sandbox). */
export function eventWho(container: string | null | undefined): Message {
  return container ? msg('event.whoContainer', { name: container }) : msg('event.whoSandbox');
}

/** The code of a pod event: carried, or derived from its Kubernetes reason, container and pod; else its own text. */
export function eventWhy(e: PodEvent, pod: Pick<PodModel, 'name' | 'conflicts' | 'containers' | 'restartPolicy' | 'namespaces'> | null): Message {
  if (e.why) return e.why;
  const who = eventWho(e.container);
  const lost = e.container ? pod?.conflicts.find((c) => c.kind === 'pod-port' && c.victim.container === e.container) : undefined;
  switch (e.reason) {
    case 'FailedScheduling':
      return msg('event.failedScheduling');
    case 'SandboxChanged':
      return msg('event.sandboxChanged');
    case 'Scheduled':
      return pod ? msg('event.scheduled', { pod: pod.name }) : msg('event.text', { text: e.message });
    case 'BackOff':
      return pod && e.container ? msg('event.backOff', { container: e.container, pod: pod.name }) : msg('event.text', { text: e.message });
    case 'Failed':
      return lost && pod ? conflictMessage(lost, pod) : msg('event.text', { text: e.message });
    case 'Created':
      return msg('event.created', { who });
    case 'Started':
      return msg('event.started', { who });
    case 'Removed':
      return msg('event.removed', { who });
    case 'OOMKilling':
      return msg('event.oomKilled', { who });
    default:
      return msg('event.text', { text: e.message });
  }
}

/** Why a pod's phase is what it is, in `lang` (the English `reason` of older snapshots as it is). */
export function podReason(lang: Lang, pod: Pick<PodModel, 'why' | 'reason'> | null | undefined): string | null {
  if (pod?.why) return render(pod.why.message, lang);
  return pod?.reason ?? null;
}

/** A container's message in `lang` (the English `message` of older snapshots as it is). */
export function containerMessage(lang: Lang, c: Pick<ContainerModel, 'why' | 'message'> | null | undefined): string | null {
  if (c?.why) return render(c.why, lang);
  return c?.message ?? null;
}
