// Applies one Docker container event to the model at once (state, exit code), before the slower inspect+probe refresh,
// so a state change reaches every view within milliseconds of the engine's own event.
import type { ContainerState, PodEvent, PodModel } from '../../../shared/model';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_ROLE } from '../../../shared/model';
import { podPhaseWhy } from '../../../shared/phase';
import { english, msg } from '../../../shared/i18n/message';
import { podEvent } from '../../../shared/i18n/facts';
import type { DockerEvent } from '../events/parse';
import { LABEL_SANDBOX_CHANGED } from '../kubelet/clone';
import { reasonOf } from './pod';

const STATE_OF: Record<string, ContainerState> = {
  create: 'created',
  start: 'running',
  restart: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'exited',
};

function attemptOf(ev: DockerEvent): number | null {
  const n = Number(ev.attributes[LABEL_ATTEMPT]);
  return Number.isInteger(n) && n >= 0 && ev.attributes[LABEL_ATTEMPT] !== undefined ? n : null;
}

/** ISO time with millisecond precision (Docker's inspect times carry nanoseconds; event times milliseconds). */
export function msIso(t: string | null | undefined): string | null {
  if (!t || t.startsWith('0001-')) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Kubernetes-style event lines for the pod's timeline from one engine event (none for actions not worth showing).
 * An app container's create is the kubelet's Pulled + Created (Docker creates only from an image it has).
 */
export function podEventsOf(ev: DockerEvent): PodEvent[] {
  const sandbox = ev.attributes[LABEL_ROLE] === 'sandbox';
  const who = sandbox ? msg('event.whoSandbox') : msg('event.whoContainer', { name: ev.attributes[LABEL_CONTAINER] ?? ev.attributes.name ?? ev.id.slice(0, 12) });
  const container = sandbox ? null : (ev.attributes[LABEL_CONTAINER] ?? null);
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

/** Updates `pod` in place from a container event; true when something visible changed. */
export function applyContainerEvent(pod: PodModel, ev: DockerEvent): boolean {
  const isSandbox = ev.attributes[LABEL_ROLE] === 'sandbox';
  const state = STATE_OF[ev.action];
  let changed = false;
  if (isSandbox && ev.action === 'create' && pod.sandbox?.id !== ev.id) {
    // A new sandbox (SandboxChanged: attempt+1) replaces the old one; its network arrives with the refresh.
    pod.sandbox = { id: ev.id, name: ev.attributes.name ?? '', image: ev.attributes.image ?? '', state: 'created', pid: 0, attempt: attemptOf(ev) ?? 0 };
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
      if (i >= 0) pod.containers[i] = { ...fresh, restartCount: attemptOf(ev) ?? pod.containers[i].restartCount + 1 };
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
    const { phase, why } = podPhaseWhy({ sandbox: pod.sandbox, containers: pod.containers, restartPolicy: pod.restartPolicy });
    pod.phase = phase;
    pod.reason = english(why?.message);
    pod.why = why;
  }
  return changed;
}
