// A runtime event applied to a pod's gathered facts, at once: the live model derives the pod again from them
// (model/derive.ts) within milliseconds of the event, before the slower re-gathering (inspect + probe) confirms it.
import { podSpecFromLabels } from '../pods/spec';
import type { ContainerEvent, ContainerState, ContainerStatus, SandboxStatus } from '../runtime/runtime';
import { LABEL_CONTAINER, roleOf } from '../runtime/vocabulary';
import type { PodFacts } from './types';
import { statusWith } from '../runtime/status-defaults';

const STATE_OF: Record<string, ContainerState> = {
  create: 'created',
  start: 'running',
  restart: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'exited',
};

/** The facts of a pod nothing is known of yet (its first event). */
export function emptyPodFacts(name: string): PodFacts {
  return { raw: { name, sandbox: null, apps: [], spec: null }, hostPortHolders: [], logTails: {}, events: [] };
}

/** A container the runtime just created, from what its create event says (its labels, name and image). */
function createdStatus(ev: ContainerEvent): ContainerStatus {
  const { name, image, ...labels } = ev.attributes;
  return statusWith({ id: ev.id, name: name ?? '', image: image ?? '', labels, state: 'created', createdAt: ev.at });
}

/** A container's status after a state event: what runs has its start time, what exited has its exit. */
function withState<T extends ContainerStatus>(c: T, state: ContainerState, ev: ContainerEvent): T {
  const exited = state === 'exited';
  return {
    ...c,
    state,
    ...(state === 'running' ? { startedAt: ev.at } : {}),
    ...(exited ? { exitCode: Number(ev.attributes.exitCode ?? 0), finishedAt: ev.at, pid: 0 } : {}),
  };
}

/** The pod's facts after one container event (the same facts when it changes nothing they hold). */
export function applyEventToFacts(f: PodFacts, ev: ContainerEvent): PodFacts {
  const raw = f.raw;
  const state = STATE_OF[ev.action];
  if (roleOf(ev.attributes) === 'sandbox') {
    if (ev.action === 'create' && raw.sandbox?.id !== ev.id) {
      // A new sandbox (SandboxChanged: attempt+1) replaces the old one; its network arrives with the next gathering.
      const sandbox: SandboxStatus = { ...createdStatus(ev), ports: [], network: null, netnsPath: null };
      return { ...f, raw: { ...raw, sandbox, spec: podSpecFromLabels(sandbox.labels) ?? raw.spec }, hostPortHolders: [] };
    }
    if (!raw.sandbox || raw.sandbox.id !== ev.id) return f;
    if (ev.action === 'destroy') return { ...f, raw: { ...raw, sandbox: null } };
    if (!state || state === raw.sandbox.state) return f;
    // A stopped sandbox has no netns any more: its IP, veth and sockets are gone with it.
    const sandbox = withState(raw.sandbox, state, ev);
    return { ...f, raw: { ...raw, sandbox: state === 'running' ? sandbox : { ...sandbox, network: null } } };
  }
  const name = ev.attributes[LABEL_CONTAINER];
  const known = raw.apps.find((a) => a.id === ev.id);
  if (!known) {
    if (ev.action !== 'create' || !name) return f;
    // A newer attempt of a container (recreated by podlab's kubelet) takes its predecessor's place.
    const fresh = createdStatus(ev);
    const i = raw.apps.findIndex((a) => (a.labels[LABEL_CONTAINER] ?? a.name) === name);
    const apps = i >= 0 ? raw.apps.map((a, j) => (j === i ? fresh : a)) : [...raw.apps, fresh];
    return { ...f, raw: { ...raw, apps } };
  }
  if (ev.action === 'destroy') return { ...f, raw: { ...raw, apps: raw.apps.filter((a) => a !== known) } };
  if (!state) return f;
  const exitCode = state === 'exited' ? Number(ev.attributes.exitCode ?? 0) : known.exitCode;
  if (known.state === state && known.exitCode === exitCode) return f;
  return { ...f, raw: { ...raw, apps: raw.apps.map((a) => (a === known ? withState(a, state, ev) : a)) } };
}
