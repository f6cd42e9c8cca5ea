// Runtime events from a CRI runtime, the best way it offers: the evented PLEG's GetContainerEvents stream where the
// runtime implements it (containerd 1.7+), else containerd's own event service on the same socket (1.6) — either one a
// trigger for an immediate relist, with a slow relist as a safety net — else a relist every second like the generic
// PLEG (./relist.ts). All through the one reconnecting subscription (../events.ts), whose back-off covers a lost stream.
import type { CriClient, CriError } from '../../cri/client';
import { ReconnectingSubscription } from '../events';
import type { EventFilter, EventSubscription, RuntimeEvent } from '../runtime';
import { list, RELIST_PERIOD_MS, SAFETY_RELIST_MS, startRelist, type RelistClient, type Relister, type UpdateSource } from './relist';
import { wantedEvent } from './replay';
import { sharedStream } from './shared-stream';

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

/** An event stream a runtime may offer: whether to ask for it at all, and how to open it (each event only a nudge). */
interface TriggerStream {
  mode: Exclude<EventMode, 'relist'>;
  worthAsking: (client: EventClient) => Promise<boolean>;
  open: (client: EventClient, nudge: () => void, onError: (e: CriError) => void) => () => void;
}

// Best first. Either stream's events are only triggers: an immediate relist (coalesced with one under way) finds what
// changed. The payloads (a CRI ContainerEventResponse, containerd's TaskExit or ContainerDelete, …) are not decoded one by
// one, so events and relist never disagree, the relist's exit codes and labels stay the one source of a container's
// state, and the same slow relist is the safety net under both.
const STREAMS: TriggerStream[] = [
  // One stream of each per connection, shared by its subscriptions (./shared-stream.ts); each keeps its own relist.
  {
    mode: 'GetContainerEvents',
    worthAsking: () => Promise.resolve(true),
    open: (c, nudge, onError) => sharedStream(c, 'GetContainerEvents', (n, e) => c.containerEvents(n, e)).attach(nudge, onError),
  },
  {
    mode: 'containerd-events',
    // Another runtime would only answer UNIMPLEMENTED, or serve something else under that name.
    worthAsking: async (c) => (await c.version()).runtimeName === 'containerd',
    open: (c, nudge, onError) => sharedStream(c, 'containerd-events', (n, e) => c.containerdEvents(CONTAINERD_FILTERS, n, e)).attach(nudge, onError),
  },
];

/**
 * Subscribes with the best source the runtime offers (see the top of this file); what a runtime lacks is remembered
 * across reconnects. `mode` is told which source runs (doctor reports it); each event carries its `source`.
 */
export function subscribeCriEvents(client: EventClient, filter: EventFilter, mode: (m: EventMode) => void): EventSubscription {
  const lacks = new Set<EventMode>();
  return new ReconnectingSubscription(async ({ event, end }) => {
    const emit = (e: RuntimeEvent, source: UpdateSource): void => {
      if (wantedEvent(filter, e)) event({ ...e, source });
    };
    // The listing first: it proves the runtime answers (a failure here is a failed subscription, retried).
    const seen = await list(client);
    for (const stream of STREAMS) {
      if (lacks.has(stream.mode) || !(await stream.worthAsking(client))) continue;
      let relister: Relister | null = null;
      let cancel: () => void = () => undefined;
      const stop = (why: string): void => {
        cancel();
        relister?.close();
        end(why);
      };
      const opened = await tryStream((onError) => stream.open(client, () => relister?.trigger(), onError), stop);
      if (opened === UNIMPLEMENTED) {
        lacks.add(stream.mode);
        continue;
      }
      cancel = opened;
      relister = startRelist(client, { event: emit, end: stop }, seen, SAFETY_RELIST_MS);
      relister.trigger(); // what changed between the listing and the stream's opening
      mode(stream.mode);
      return {
        close: () => {
          cancel();
          relister?.close();
        },
      };
    }
    mode('relist');
    const relister = startRelist(client, { event: emit, end }, seen, RELIST_PERIOD_MS);
    return { close: () => relister.close() };
  });
}
