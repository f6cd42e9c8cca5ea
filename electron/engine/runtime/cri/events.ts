// Runtime events from a CRI runtime, the kubelet's two ways: the evented PLEG's GetContainerEvents stream where the
// runtime implements it, else a relist every second like the generic PLEG, whose state changes become the same
// create/start/die/destroy events Docker sends. Either way through the one reconnecting subscription (../events.ts).
import type { CriClient } from '../../cri/client';
import type { ContainerEvent as CriEvent } from '../../cri/types';
import { ReconnectingSubscription, type RawEventStream } from '../events';
import type { ContainerState, EventFilter, EventSubscription, RuntimeEvent } from '../runtime';
import { wantedEvent } from './replay';
import { containerState, containerSummary, sandboxSummary } from './status';

export const RELIST_PERIOD_MS = 1000;
export type EventMode = 'GetContainerEvents' | 'relist';

/** What the relist remembers of one container or sandbox between two listings. */
export interface Seen {
  state: ContainerState;
  labels: Record<string, string>;
  name: string;
  image: string;
}

function event(id: string, action: string, s: Seen, extra: Record<string, string> = {}): RuntimeEvent {
  const nanos = `${BigInt(Date.now()) * 1_000_000n}`;
  return { type: 'container', action, id, attributes: { ...s.labels, name: s.name, image: s.image, ...extra }, timeNano: nanos, at: new Date().toISOString() };
}

/** The events between two listings, in Docker's verbs: create, start, die, destroy (pure: the PLEG's diff). */
export function relistDiff(before: Map<string, Seen>, now: Map<string, Seen>, exitCode: (id: string) => number | undefined): RuntimeEvent[] {
  const out: RuntimeEvent[] = [];
  for (const [id, s] of now) {
    const old = before.get(id);
    if (!old) out.push(event(id, 'create', s));
    if (s.state === 'running' && old?.state !== 'running') out.push(event(id, 'start', s));
    if (s.state === 'exited' && (old?.state === 'running' || (!old && s.state === 'exited'))) out.push(event(id, 'die', s, { exitCode: String(exitCode(id) ?? 0) }));
  }
  for (const [id, s] of before) if (!now.has(id)) out.push(event(id, 'destroy', s));
  return out;
}

/** One listing of sandboxes and containers, keyed by id. */
async function list(client: CriClient): Promise<Map<string, Seen>> {
  const [sandboxes, containers] = await Promise.all([client.listPodSandbox(), client.listContainers()]);
  const seen = new Map<string, Seen>();
  for (const s of sandboxes) seen.set(s.id, pick(sandboxSummary(s, [])));
  for (const c of containers) seen.set(c.id, pick(containerSummary(c)));
  return seen;
}

function pick(s: { state: ContainerState; labels: Record<string, string>; name: string; image: string }): Seen {
  return { state: s.state, labels: s.labels, name: s.name, image: s.image };
}

function relistStream(client: CriClient, handlers: { event: (e: RuntimeEvent) => void; end: (why: string) => void }, first: Map<string, Seen>): RawEventStream {
  let before = first;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async (): Promise<void> => {
    try {
      const seen = await list(client);
      const died = [...seen].filter(([id, s]) => s.state === 'exited' && before.get(id)?.state !== 'exited').map(([id]) => id);
      const codes = new Map<string, number>();
      // An exit code is in the container's status only: asked for the ones that just died.
      await Promise.all(died.map((id) => client.containerStatus(id, false).then((r) => r.status && codes.set(id, r.status.exitCode), () => undefined)));
      if (stopped) return;
      for (const e of relistDiff(before, seen, (id) => codes.get(id))) handlers.event(e);
      before = seen;
      timer = setTimeout(() => void tick(), RELIST_PERIOD_MS);
    } catch (err) {
      if (!stopped) handlers.end(err instanceof Error ? err.message : String(err));
    }
  };
  timer = setTimeout(() => void tick(), RELIST_PERIOD_MS);
  return {
    close: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

const CRI_VERBS: Record<CriEvent['containerEventType'], string> = {
  CONTAINER_CREATED_EVENT: 'create',
  CONTAINER_STARTED_EVENT: 'start',
  CONTAINER_STOPPED_EVENT: 'die',
  CONTAINER_DELETED_EVENT: 'destroy',
};

function fromCri(e: CriEvent): RuntimeEvent {
  const status = e.containersStatuses.find((c) => c.id === e.containerId);
  const labels = status?.labels ?? e.podSandboxStatus?.labels ?? {};
  const nanos = /^\d+$/.test(e.createdAt) && e.createdAt !== '0' ? e.createdAt : `${BigInt(Date.now()) * 1_000_000n}`;
  return {
    type: 'container',
    action: CRI_VERBS[e.containerEventType],
    id: e.containerId,
    attributes: { ...labels, name: status?.metadata.name ?? '', image: status?.image.image ?? '', ...(status && containerState(status.state) === 'exited' ? { exitCode: String(status.exitCode) } : {}) },
    timeNano: nanos,
    at: new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString(),
  };
}

/**
 * Subscribes: GetContainerEvents first; when the runtime answers UNIMPLEMENTED, the relist from then on. `mode`
 * is told which one runs (doctor and the bench report it).
 */
export function subscribeCriEvents(client: CriClient, filter: EventFilter, mode: (m: EventMode) => void): EventSubscription {
  let evented: boolean | null = null;
  return new ReconnectingSubscription(async ({ event, end }) => {
    const emit = (e: RuntimeEvent): void => {
      if (wantedEvent(filter, e)) event(e);
    };
    // The listing first: it proves the runtime answers (a failure here is a failed subscription, retried).
    const seen = await list(client);
    if (evented !== false) {
      let cancel: (() => void) | null = null;
      const outcome = await new Promise<'stream' | 'unimplemented'>((resolve) => {
        let settled = false;
        cancel = client.containerEvents(
          (e) => emit(fromCri(e)),
          (err) => {
            if (!settled && err.unimplemented) {
              settled = true;
              resolve('unimplemented');
            } else end(err.message);
          },
        );
        // No UNIMPLEMENTED within a moment: the stream is open.
        setTimeout(() => {
          if (settled) return;
          settled = true;
          evented = true;
          mode('GetContainerEvents');
          resolve('stream');
        }, 300);
      });
      if (outcome === 'stream') return { close: () => cancel?.() };
      evented = false;
    }
    mode('relist');
    return relistStream(client, { event: emit, end }, seen);
  });
}
