// The generic PLEG's relist for a CRI runtime: list sandboxes and containers, diff against the last listing, and turn
// the state changes into the create/start/die/destroy events Docker sends. It runs on a period, and can be nudged to
// run at once, with a few quick follow-ups (an event stream's trigger); nudges that arrive while a listing runs coalesce
// into one more listing.
import type { CriClient } from '../../cri/client';
import type { ContainerState, RuntimeEvent } from '../runtime';
import { containerSummary, sandboxSummary } from './status';

/** The generic PLEG's period, when nothing tells podlab of changes. */
export const RELIST_PERIOD_MS = 1000;
/** The safety net's period while an event stream flows (an event lost in a reconnect is still seen). */
export const SAFETY_RELIST_MS = 10_000;

/**
 * After an event, relists at once and again this long after it. containerd publishes /tasks/exit to every subscriber
 * at the same moment, its own CRI plugin among them, which only then records the exit in the store ListContainers
 * reads: the immediate listing often still says running, so a few follow-ups (restarted by each new event) catch the
 * CRI store up without waiting for the safety net; the last one bounds a slow store (a loaded node) to the old 1 s.
 */
export const FOLLOW_UPS_MS = [25, 100, 300, 1000];

/** How a change came to podlab: an event stream (or a relist it triggered), or a periodic relist. */
export type UpdateSource = 'events' | 'relist';

/** What the relist remembers of one container or sandbox between two listings. */
export interface Seen {
  state: ContainerState;
  labels: Record<string, string>;
  name: string;
  image: string;
}

/** The CRI calls a relist makes (a stub transport can stand in for them in unit tests). */
export type RelistClient = Pick<CriClient, 'listPodSandbox' | 'listContainers' | 'containerStatus'>;

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
    // A container can go created → exited between two listings (a fast init container): that is a death too.
    if (s.state === 'exited' && old?.state !== 'exited') out.push(event(id, 'die', s, { exitCode: String(exitCode(id) ?? 0) }));
  }
  for (const [id, s] of before) if (!now.has(id)) out.push(event(id, 'destroy', s));
  return out;
}

/** One listing of sandboxes and containers, keyed by id. */
export async function list(client: RelistClient): Promise<Map<string, Seen>> {
  const [sandboxes, containers] = await Promise.all([client.listPodSandbox(), client.listContainers()]);
  const seen = new Map<string, Seen>();
  for (const s of sandboxes) seen.set(s.id, pick(sandboxSummary(s, [])));
  for (const c of containers) seen.set(c.id, pick(containerSummary(c)));
  return seen;
}

function pick(s: { state: ContainerState; labels: Record<string, string>; name: string; image: string }): Seen {
  return { state: s.state, labels: s.labels, name: s.name, image: s.image };
}

export interface Relister {
  /** Lists now (or right after the listing under way) and at FOLLOW_UPS_MS, what it finds marked as from an event stream. */
  trigger(): void;
  close(): void;
}

/**
 * Relists every `periodMs` from the listing `first`, emitting what changed with its source; `end` once when a listing
 * fails (the runtime is gone: the subscription reconnects).
 */
export function startRelist(client: RelistClient, handlers: { event: (e: RuntimeEvent, source: UpdateSource) => void; end: (why: string) => void }, first: Map<string, Seen>, periodMs: number): Relister {
  let before = first;
  let stopped = false;
  let running = false;
  let pending: UpdateSource | null = null;
  let timer: NodeJS.Timeout | null = null;
  let followUps: NodeJS.Timeout[] = [];
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => run('relist'), periodMs);
  };
  const run = (source: UpdateSource): void => {
    if (stopped) return;
    if (running) {
      pending = pending === 'events' ? 'events' : source;
      return;
    }
    running = true;
    void tick(source).finally(() => {
      running = false;
      const next = pending;
      pending = null;
      if (next && !stopped) run(next);
    });
  };
  const tick = async (source: UpdateSource): Promise<void> => {
    try {
      const seen = await list(client);
      const died = [...seen].filter(([id, s]) => s.state === 'exited' && before.get(id)?.state !== 'exited').map(([id]) => id);
      const codes = new Map<string, number>();
      // An exit code is in the container's status only: asked for the ones that just died.
      await Promise.all(died.map((id) => client.containerStatus(id, false).then((r) => r.status && codes.set(id, r.status.exitCode), () => undefined)));
      if (stopped) return;
      for (const e of relistDiff(before, seen, (id) => codes.get(id))) handlers.event(e, source);
      before = seen;
      schedule();
    } catch (err) {
      if (!stopped) {
        stopped = true;
        handlers.end(err instanceof Error ? err.message : String(err));
      }
    }
  };
  schedule();
  return {
    trigger: () => {
      run('events');
      for (const t of followUps) clearTimeout(t);
      followUps = FOLLOW_UPS_MS.map((ms) => setTimeout(() => run('events'), ms));
    },
    close: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const t of followUps) clearTimeout(t);
    },
  };
}
