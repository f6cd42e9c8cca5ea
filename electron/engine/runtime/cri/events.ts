// Runtime events from a CRI runtime, the best way it offers: the evented PLEG's GetContainerEvents stream where the
// runtime implements it; else containerd's own event service (same socket) as a trigger for an immediate relist, with a
// slow relist as a safety net; else a relist every second like the generic PLEG (./relist.ts). Either way through the
// one reconnecting subscription (../events.ts), whose back-off also covers a lost event stream.
import type { CriClient, CriError } from '../../cri/client';
import type { ContainerEvent as CriEvent } from '../../cri/types';
import { ReconnectingSubscription } from '../events';
import type { EventFilter, EventSubscription, RuntimeEvent } from '../runtime';
import { list, RELIST_PERIOD_MS, SAFETY_RELIST_MS, startRelist, type RelistClient, type Relister, type UpdateSource } from './relist';
import { wantedEvent } from './replay';
import { containerState } from './status';

export { RELIST_PERIOD_MS, relistDiff, type Seen } from './relist';
export type EventMode = 'GetContainerEvents' | 'containerd-events' | 'relist';

/** The calls the subscription makes: a CriClient, or a stub transport in unit tests. */
export type EventClient = RelistClient & Pick<CriClient, 'version' | 'containerEvents' | 'containerdEvents'>;

/**
 * containerd events that change a pod's sandbox or containers (any filter may match): task create/start/exit/oom/
 * delete and container create/update/delete, in the CRI plugin's namespace only (Subscribe sends every namespace's).
 */
export const CONTAINERD_FILTERS = ['namespace==k8s.io,topic~="^/tasks/"', 'namespace==k8s.io,topic~="^/containers/"'];

/** A stream that has not failed this long after opening is taken as open (a server stream sends nothing until an event). */
const OPEN_GRACE_MS = 300;
const UNIMPLEMENTED = 'unimplemented';

/**
 * Opens a stream: its cancel function once it has stayed open OPEN_GRACE_MS, UNIMPLEMENTED when the runtime said so
 * before then; another early error rejects (a failed attempt: retried with back-off). Later errors go to `lost`.
 */
function tryStream(open: (onError: (e: CriError) => void) => () => void, lost: (why: string) => void): Promise<(() => void) | typeof UNIMPLEMENTED> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const cancel = open((err) => {
      if (settled) return lost(err.message);
      settled = true;
      if (err.unimplemented) resolve(UNIMPLEMENTED);
      else reject(err);
    });
    setTimeout(() => {
      if (settled) return;
      settled = true;
      resolve(cancel);
    }, OPEN_GRACE_MS);
  });
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
 * Subscribes with the best source the runtime offers (see the top of this file); what a runtime lacks is remembered
 * across reconnects. `mode` is told which source runs (doctor reports it); each event carries its `source`.
 */
export function subscribeCriEvents(client: EventClient, filter: EventFilter, mode: (m: EventMode) => void): EventSubscription {
  const lacks = { cri: false, containerd: false };
  return new ReconnectingSubscription(async ({ event, end }) => {
    const emit = (e: RuntimeEvent, source: UpdateSource): void => {
      if (wantedEvent(filter, e)) event({ ...e, source });
    };
    // The listing first: it proves the runtime answers (a failure here is a failed subscription, retried).
    const seen = await list(client);
    if (!lacks.cri) {
      const cancel = await tryStream((onError) => client.containerEvents((e) => emit(fromCri(e), 'events'), onError), end);
      if (cancel !== UNIMPLEMENTED) {
        mode('GetContainerEvents');
        return { close: cancel };
      }
      lacks.cri = true;
    }
    if (!lacks.containerd && (await client.version()).runtimeName === 'containerd') {
      // Each containerd event is only a trigger: an immediate relist (coalesced with one under way) finds what changed.
      // Its payloads (TaskExit, ContainerDelete, …) are not decoded one by one, so events and relist never disagree,
      // and the relist's exit codes and labels stay the one source of a container's state.
      let relister: Relister | null = null;
      let cancel: () => void = () => undefined;
      const stop = (why: string): void => {
        cancel();
        relister?.close();
        end(why);
      };
      const opened = await tryStream((onError) => client.containerdEvents(CONTAINERD_FILTERS, () => relister?.trigger(), onError), stop);
      if (opened !== UNIMPLEMENTED) {
        cancel = opened;
        relister = startRelist(client, { event: emit, end: stop }, seen, SAFETY_RELIST_MS);
        relister.trigger(); // what changed between the listing and the stream's opening
        mode('containerd-events');
        return {
          close: () => {
            cancel();
            relister?.close();
          },
        };
      }
      lacks.containerd = true;
    }
    mode('relist');
    const relister = startRelist(client, { event: emit, end }, seen, RELIST_PERIOD_MS);
    return { close: () => relister.close() };
  });
}
