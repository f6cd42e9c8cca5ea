// Docker's event stream as runtime events: newline-delimited JSON, parsed without ever turning timeNano (> 2^53) into
// a JS number; subscriptions through the one reconnecting subscription (../events.ts), replays of recent events.
import type Docker from 'dockerode';
import { LABEL_POD } from '../vocabulary';
import { ReconnectingSubscription, type RawEventStream } from '../events';
import type { EventFilter, EventSubscription, RuntimeEvent } from '../runtime';

/** ISO time from a nanosecond decimal string, through BigInt (milliseconds fit a JS number). */
export function isoFromNanos(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

/** One line of the stream → a runtime event, or null for a blank/garbled line or an event of another kind (image, volume). */
export function parseEventLine(line: string): RuntimeEvent | null {
  const text = line.trim();
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { Type?: unknown; Action?: unknown; id?: unknown; time?: unknown; Actor?: { ID?: unknown; Attributes?: unknown } };
  // Read timeNano from the raw text: JSON.parse has already rounded the number.
  const m = /"timeNano"\s*:\s*(\d+)/.exec(text);
  const timeNano = m ? m[1] : `${typeof r.time === 'number' ? r.time : Math.floor(Date.now() / 1000)}000000000`;
  const attrs: Record<string, string> = {};
  if (r.Actor && typeof r.Actor.Attributes === 'object' && r.Actor.Attributes !== null) {
    for (const [k, v] of Object.entries(r.Actor.Attributes as Record<string, unknown>)) attrs[k] = String(v);
  }
  const action = typeof r.Action === 'string' ? r.Action : '';
  const type = r.Type === 'container' || r.Type === 'network' ? r.Type : null;
  if (type === null) return null;
  return {
    type,
    // "exec_start: sh -c …" → "exec_start"; "health_status: healthy" keeps its prefix too.
    // Podman names a container's removal "remove" where Docker says "destroy" (Docker has no container "remove").
    action: type === 'container' && action === 'remove' ? 'destroy' : action.split(':')[0].trim(),
    id: typeof r.Actor?.ID === 'string' ? r.Actor.ID : typeof r.id === 'string' ? r.id : '',
    attributes: attrs,
    timeNano,
    at: isoFromNanos(timeNano),
  };
}

/** Splits a chunked byte stream into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    return parts;
  }
}

/**
 * Podman 4.3 filters events by its own names — `event=die` matches nothing there, `event=died` does (and is answered as
 * "die"); a removal is "remove", sent as is. Docker accepts unknown names in the filter and matches nothing with them.
 */
const PODMAN_ACTION_NAMES: Record<string, string[]> = { die: ['died'], destroy: ['remove'] };

/**
 * Docker's filters for what a subscription wants, and what is checked here on each event: Podman 4.3 answers a
 * key-only label filter (label=io.podlab.pod) with no events at all, while label=key=value, type and event filters work
 * on every engine — so "any pod" is checked on podlab's side (every engine puts the labels in Actor.Attributes).
 */
export function dockerFilters(f: EventFilter): { filters: Record<string, string[]>; accept: (e: RuntimeEvent) => boolean } {
  const filters: Record<string, string[]> = { type: [f.type] };
  if (typeof f.pod === 'string') filters.label = [`${LABEL_POD}=${f.pod}`];
  if (f.actions) filters.event = [...f.actions, ...f.actions.flatMap((a) => PODMAN_ACTION_NAMES[a] ?? [])];
  return { filters, accept: f.pod === true ? (e) => LABEL_POD in e.attributes : () => true };
}

type Destroyable = NodeJS.ReadableStream & { destroy?: () => void };

/** Feeds a raw stream's lines as events to `event`; `end` once it is gone. */
function pipeEvents(stream: NodeJS.ReadableStream, accept: (e: RuntimeEvent) => boolean, event: (e: RuntimeEvent) => void, end: (why: string) => void): RawEventStream {
  const lines = new LineSplitter();
  stream.on('data', (chunk: Buffer | string) => {
    for (const line of lines.push(chunk.toString())) {
      const ev = parseEventLine(line);
      if (ev && accept(ev)) event(ev);
    }
  });
  stream.on('end', () => end('the event stream ended'));
  stream.on('close', () => end('the event stream closed'));
  stream.on('error', (e: unknown) => end(e instanceof Error ? e.message : String(e)));
  return { close: () => (stream as Destroyable).destroy?.() };
}

export function subscribeEvents(docker: Docker, filter: EventFilter): EventSubscription {
  const { filters, accept } = dockerFilters(filter);
  return new ReconnectingSubscription(async ({ event, end }) => pipeEvents(await docker.getEvents({ filters }), accept, event, end));
}

/** Podman stops reading its event log once `until` has passed: a replay up to "now" returns nothing there. */
const PODMAN_UNTIL_MARGIN_S = 1;

/**
 * The events the daemon still has (at most 256) between two times; bounded to 2 s of reading. `podman`: ask Podman up
 * to a second later (see PODMAN_UNTIL_MARGIN_S) and drop here what came after `until`.
 */
export async function replayEvents(docker: Docker, filter: EventFilter, since: number, until: number, podman = false): Promise<RuntimeEvent[]> {
  // Docker takes fractional seconds: `until` rounded down would drop the events of the current second.
  const { filters, accept: wanted } = dockerFilters(filter);
  const untilMs = BigInt(Math.ceil(until * 1000));
  const accept = podman ? (e: RuntimeEvent): boolean => wanted(e) && BigInt(e.timeNano) / 1_000_000n <= untilMs : wanted;
  const asked = podman ? until + PODMAN_UNTIL_MARGIN_S : until;
  const stream = await docker.getEvents({ since: Math.floor(since), until: asked.toFixed(3) as unknown as number, filters });
  const out: RuntimeEvent[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      raw.close();
      resolve();
    }, 2000);
    const raw = pipeEvents(
      stream,
      accept,
      (e) => out.push(e),
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
  return out;
}
