// Optimistic concurrency for pod names: two launches of one name may both pass the name check; after creating its
// sandbox each looks again, and only the one whose sandbox the engine created first (Created, then id) goes on.
import type { Runtime } from '../runtime/runtime';
import { LABEL_UID } from '../runtime/vocabulary';
import { PodExistsError } from './errors';
import { listPodlabContainers, roleOf } from './guard';
import { byCodePoint } from '../../../shared/order';

/** This launch lost the race for its pod name: another launch's sandbox came first (exit 2, ours was removed). */
export class NameRaceError extends PodExistsError {
  constructor(pod: string) {
    super(pod);
    this.message = `pod ${pod} was just created by another launch at the same time (nothing of this launch was kept) — choose another name with --name`;
  }
}

export interface SandboxStamp {
  id: string;
  uid: string;
  /** The runtime's exact creation time (RFC 3339, UTC, nanoseconds with trailing zeros trimmed). */
  created: string;
}

/** An RFC 3339 creation time as a string that sorts in time order (the fraction padded to nanoseconds). */
export function createdKey(created: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(created);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : created;
}

/** The sandbox created first among `stamps` (by Created, then id), or null when there is none. */
export function firstSandbox(stamps: SandboxStamp[]): SandboxStamp | null {
  const sorted = [...stamps].sort((a, b) => byCodePoint(createdKey(a.created), createdKey(b.created)) || byCodePoint(a.id, b.id));
  return sorted[0] ?? null;
}

/**
 * True when a sandbox of the same pod name but another uid (another launch) was created before ours: ours must go.
 * Sandboxes with our uid (a re-created attempt) never count.
 */
export function losesTo(mine: SandboxStamp, all: SandboxStamp[]): boolean {
  return firstSandbox([mine, ...all.filter((s) => s.uid !== mine.uid)])?.id !== mine.id;
}

/** The given sandboxes with the engine's exact creation times (a listing only has seconds). */
export async function stampsOf(rt: Runtime, ids: string[]): Promise<SandboxStamp[]> {
  // Removed meanwhile (a losing launch cleaning up): not a rival any more.
  const out = await Promise.all(ids.map((id) => rt.sandboxes.status(id).catch(() => null)));
  return out.filter((s) => s !== null).map((s) => ({ id: s.id, uid: s.labels[LABEL_UID] ?? '', created: s.createdAt }));
}

/** Looks again at the engine: does another launch of this pod name own it? One listing when there is no rival. */
export async function lostNameRace(rt: Runtime, pod: string, mine: { id: string; uid: string }): Promise<boolean> {
  const list = (await listPodlabContainers(rt, pod)).filter((c) => roleOf(c.labels) === 'sandbox');
  if (!list.some((c) => (c.labels[LABEL_UID] ?? '') !== mine.uid)) return false;
  const all = await stampsOf(rt, list.map((c) => c.id));
  const own = all.find((s) => s.id === mine.id);
  if (!own) return false; // ours is gone (removed by someone): not a name race
  return losesTo(own, all);
}
