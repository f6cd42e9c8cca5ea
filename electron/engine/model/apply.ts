// Applies one Docker container event to the model at once (state, exit code), before the slower inspect+probe refresh,
// so a state change reaches every view within milliseconds of the engine's own event.
import type { ContainerState, PodEvent, PodModel } from '../../../shared/model';
import { podPhase } from '../../../shared/phase';
import type { RuntimeEvent } from '../runtime/runtime';
import { attemptLabel, LABEL_CONTAINER, LABEL_ROLE, LABEL_SANDBOX_CHANGED } from '../runtime/vocabulary';
import { SANDBOX_CHANGED_MESSAGE } from '../kubelet/state';
import { reasonOf } from './pod';

const STATE_OF: Record<string, ContainerState> = {
  create: 'created',
  start: 'running',
  restart: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'exited',
};

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

/** Updates `pod` in place from a container event; true when something visible changed. */
export function applyContainerEvent(pod: PodModel, ev: RuntimeEvent): boolean {
  const isSandbox = ev.attributes[LABEL_ROLE] === 'sandbox';
  const state = STATE_OF[ev.action];
  let changed = false;
  if (isSandbox && ev.action === 'create' && pod.sandbox?.id !== ev.id) {
    // A new sandbox (SandboxChanged: attempt+1) replaces the old one; its network arrives with the refresh.
    pod.sandbox = { id: ev.id, name: ev.attributes.name ?? '', image: ev.attributes.image ?? '', state: 'created', pid: 0, attempt: attemptLabel(ev.attributes) ?? 0 };
    Object.assign(pod, { ip: null, mac: null, hostVeth: null, listening: [], namespaces: { net: null }, netnsKey: null });
    changed = true;
  } else if (isSandbox && pod.sandbox && pod.sandbox.id === ev.id) {
    if (ev.action === 'destroy') {
      pod.sandbox = null;
      changed = true;
    } else if (state && pod.sandbox.state !== state) {
      pod.sandbox.state = state;
      changed = true;
    }
    if (changed && state !== 'running') {
      // A stopped sandbox has no netns any more: its IP, veth and sockets are gone with it.
      Object.assign(pod, { ip: null, mac: null, hostVeth: null, listening: [], namespaces: { net: null }, netnsKey: null });
    }
  } else if (!isSandbox) {
    const name = ev.attributes[LABEL_CONTAINER];
    const c = pod.containers.find((x) => x.id === ev.id) ?? (ev.action === 'create' ? undefined : null);
    if (c === undefined && name && state) {
      // A newer attempt of a container (recreated by podlab's kubelet) takes its predecessor's place.
      const fresh = { name, id: ev.id, image: ev.attributes.image ?? '', state, exitCode: null, restartCount: 0, reason: reasonOf(state, null), namespaces: { net: null } };
      const i = pod.containers.findIndex((x) => x.name === name);
      if (i >= 0) pod.containers[i] = { ...fresh, restartCount: attemptLabel(ev.attributes) ?? pod.containers[i].restartCount + 1 };
      else pod.containers.push(fresh);
      changed = true;
    } else if (c && ev.action === 'destroy') {
      pod.containers = pod.containers.filter((x) => x !== c);
      changed = true;
    } else if (c && state) {
      const exitCode = state === 'exited' ? Number(ev.attributes.exitCode ?? 0) : null;
      if (c.state !== state || c.exitCode !== exitCode) {
        c.state = state;
        c.exitCode = exitCode;
        c.reason = reasonOf(state, exitCode);
        if (state === 'running') c.startedAt = ev.at;
        if (state === 'exited') {
          c.finishedAt = ev.at;
          c.namespaces = { net: null };
          pod.listening = pod.listening.filter((l) => l.container !== c.name);
        }
        changed = true;
      }
    }
  }
  if (changed) {
    const { phase, reason } = podPhase({ sandbox: pod.sandbox, containers: pod.containers, restartPolicy: pod.restartPolicy });
    pod.phase = phase;
    pod.reason = reason;
  }
  return changed;
}
