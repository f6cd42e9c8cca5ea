// The pod's timeline from runtime events: Kubernetes-style event lines (Created, Started, Killing, BackOff…).
import type { PodEvent } from '../../../shared/model';
import type { RuntimeEvent } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_ROLE, LABEL_SANDBOX_CHANGED } from '../runtime/vocabulary';
import { SANDBOX_CHANGED_MESSAGE } from '../kubelet/state';

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
  const who = sandbox ? 'sandbox' : `container ${ev.attributes[LABEL_CONTAINER] ?? ev.attributes.name ?? ev.id.slice(0, 12)}`;
  const container = sandbox ? null : (ev.attributes[LABEL_CONTAINER] ?? null);
  const at = ev.at;
  switch (ev.action) {
    case 'create': {
      const created: PodEvent = { at, type: 'Normal', reason: 'Created', message: `Created ${who}`, container };
      // A sandbox re-created by the restart manager carries this label: Kubernetes' SandboxChanged, at the label's
      // time (the same event the one-shot model derives from the label, so the two merge into one).
      const changed = sandbox ? msIso(ev.attributes[LABEL_SANDBOX_CHANGED]) : null;
      if (changed) return [{ at: changed, type: 'Normal', reason: 'SandboxChanged', message: SANDBOX_CHANGED_MESSAGE, container: null }, created];
      if (sandbox) return [created];
      const image = ev.attributes.image ?? '';
      return [{ at, type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, container }, created];
    }
    case 'start':
      return [{ at, type: 'Normal', reason: 'Started', message: `Started ${who}`, container }];
    case 'kill':
      return [{ at, type: 'Normal', reason: 'Killing', message: `Stopping ${who} (signal ${ev.attributes.signal ?? '?'})`, container }];
    case 'die': {
      const code = Number(ev.attributes.exitCode ?? 0);
      return [{ at, type: code === 0 ? 'Normal' : 'Warning', reason: code === 0 ? 'Completed' : 'Died', message: `${who} exited (${code})`, container }];
    }
    case 'oom':
      return [{ at, type: 'Warning', reason: 'OOMKilling', message: `${who} ran out of memory`, container }];
    case 'destroy':
      return [{ at, type: 'Normal', reason: 'Removed', message: `Removed ${who}`, container }];
    default:
      return [];
  }
}
