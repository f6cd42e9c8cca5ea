// The pod's timeline from runtime events: Kubernetes-style event lines (Created, Started, Killing, BackOff…).
import type { PodEvent } from '../../../shared/model';
import type { RuntimeEvent } from '../runtime/runtime';
import { LABEL_ROLE, LABEL_SANDBOX_CHANGED, nameInPod } from '../runtime/vocabulary';
import { msg } from '../../../shared/i18n/message';
import { podEvent } from '../../../shared/i18n/facts';

/** ISO time with millisecond precision (Docker's inspect times carry nanoseconds; event times milliseconds). */
export function msIso(t: string | null | undefined): string | null {
  if (!t) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Kubernetes-style event lines for the pod's timeline from one engine event (none for actions not worth showing).
 * An app container's create is the kubelet's Pulled + Created (Docker creates only from an image it has).
 */
export function podEventsOf(ev: RuntimeEvent): PodEvent[] {
  const sandbox = ev.attributes[LABEL_ROLE] === 'sandbox';
  // As Kubernetes names it in events (an ephemeral container by its own name, not the engine's).
  const name = nameInPod(ev.attributes) ?? null;
  const who = sandbox ? msg('event.whoSandbox') : msg('event.whoContainer', { name: name ?? ev.attributes.name ?? ev.id.slice(0, 12) });
  const container = sandbox ? null : name;
  // Events whose words follow from their reason and container carry no code (shared/i18n/facts.ts derives it).
  const known = sandbox || container !== null;
  const at = ev.at;
  switch (ev.action) {
    case 'create': {
      const created: PodEvent = podEvent(at, 'Normal', 'Created', msg('event.created', { who }), container, !known);
      // A sandbox re-created by the restart manager carries this label: Kubernetes' SandboxChanged, at the label's
      // time (the same event the one-shot model derives from the label, so the two merge into one).
      const changed = sandbox ? msIso(ev.attributes[LABEL_SANDBOX_CHANGED]) : null;
      if (changed) return [podEvent(changed, 'Normal', 'SandboxChanged', msg('event.sandboxChanged'), null, false), created];
      if (sandbox) return [created];
      const image = ev.attributes.image ?? '';
      return [podEvent(at, 'Normal', 'Pulled', msg('event.pulled', { image }), container), created];
    }
    case 'start':
      return [podEvent(at, 'Normal', 'Started', msg('event.started', { who }), container, !known)];
    case 'kill':
      return [podEvent(at, 'Normal', 'Killing', msg('event.killing', { who, signal: ev.attributes.signal ?? '?' }), container)];
    case 'die': {
      const code = Number(ev.attributes.exitCode ?? 0);
      return [podEvent(at, code === 0 ? 'Normal' : 'Warning', code === 0 ? 'Completed' : 'Died', msg('event.exited', { who, code }), container)];
    }
    case 'oom':
      return [podEvent(at, 'Warning', 'OOMKilling', msg('event.oomKilled', { who }), container, !known)];
    case 'destroy':
      return [podEvent(at, 'Normal', 'Removed', msg('event.removed', { who }), container, !known)];
    default:
      return [];
  }
}
