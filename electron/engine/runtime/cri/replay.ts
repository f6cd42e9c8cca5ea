// A replay of recent events for a CRI runtime, which keeps no event history: the events are rebuilt from what the
// statuses still say (a sandbox's created_at; a container's created_at, started_at, finished_at and exit code), in
// Docker's verbs and attributes, so a one-shot model (inspect) shows the same Created/Started/died lines on both.
import type * as cri from '../../cri/types';
import type { EventFilter, RuntimeEvent } from '../runtime';
import { isPodlabContainer, LABEL_POD } from '../vocabulary';
import { pendingRecord } from './pending';
import { containerName, sandboxName } from './status';

/** Whether a subscription or replay with this filter wants an event (the one test for the relist, stream and replay). */
export function wantedEvent(f: EventFilter, e: RuntimeEvent): boolean {
  if (f.type !== 'container' || e.type !== 'container') return false;
  if (f.pod === true && !isPodlabContainer(e.attributes)) return false;
  if (typeof f.pod === 'string' && e.attributes[LABEL_POD] !== f.pod) return false;
  return !f.actions || f.actions.includes(e.action);
}

/** Whether labels belong to the pods a filter asks for: lets the runtime skip statuses it would drop anyway. */
export function wantedLabels(f: EventFilter, labels: Record<string, string>): boolean {
  if (f.pod === true) return isPodlabContainer(labels);
  return typeof f.pod !== 'string' || labels[LABEL_POD] === f.pod;
}

/** A CRI time (nanoseconds, decimal string) when it is set: "0" and "" mean never. */
function setTime(nanos: string): bigint | null {
  return /^\d+$/.test(nanos) && !/^0+$/.test(nanos) ? BigInt(nanos) : null;
}

function event(id: string, action: string, nanos: bigint, attributes: Record<string, string>): RuntimeEvent {
  return { type: 'container', action, id, attributes, timeNano: nanos.toString(), at: new Date(Number(nanos / 1_000_000n)).toISOString() };
}

// Same-nanosecond events keep their causal order.
const ORDER: Record<string, number> = { create: 0, start: 1, die: 2 };

/**
 * The events the statuses imply between `since` and `until` (epoch seconds, both inclusive), oldest first. A sandbox
 * runs as RunPodSandbox creates it (create + start at created_at); its stop time is not kept, so a stopped sandbox has
 * no die. A container: create at created_at, start at started_at, die (with exitCode) at finished_at, each when set.
 */
export function replayFromStatuses(sandboxes: cri.PodSandbox[], containers: cri.ContainerStatus[], filter: EventFilter, since: number, until: number): RuntimeEvent[] {
  const from = BigInt(Math.floor(since * 1000)) * 1_000_000n;
  const to = BigInt(Math.ceil(until * 1000)) * 1_000_000n;
  const out: RuntimeEvent[] = [];
  const add = (e: RuntimeEvent): void => {
    const t = BigInt(e.timeNano);
    if (t >= from && t <= to && wantedEvent(filter, e)) out.push(e);
  };
  for (const s of sandboxes) {
    const created = setTime(s.createdAt);
    if (created === null) continue;
    const attrs = { ...s.labels, name: sandboxName(s.metadata), image: '' };
    add(event(s.id, 'create', created, attrs));
    // A Pending pod's record never ran as the pod's sandbox (./pending.ts).
    if (!pendingRecord(s.labels)) add(event(s.id, 'start', created, attrs));
  }
  for (const c of containers) {
    const attrs = { ...c.labels, name: containerName(c.metadata, c.labels), image: c.image.image };
    const created = setTime(c.createdAt);
    const started = setTime(c.startedAt);
    const finished = setTime(c.finishedAt);
    if (created !== null) add(event(c.id, 'create', created, attrs));
    if (started !== null) add(event(c.id, 'start', started, attrs));
    if (finished !== null) add(event(c.id, 'die', finished, { ...attrs, exitCode: String(c.exitCode) }));
  }
  const t = (e: RuntimeEvent): bigint => BigInt(e.timeNano);
  return out.sort((a, b) => (t(a) < t(b) ? -1 : t(a) > t(b) ? 1 : (ORDER[a.action] ?? 3) - (ORDER[b.action] ?? 3)));
}
