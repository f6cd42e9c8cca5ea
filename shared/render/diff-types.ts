// The structured result of comparing two snapshots (`podlab diff --json`, the UI's compare view), apart from the
// comparison (diff.ts) and its wording (diff-text.ts), which both read it.
import type { Conflict, HostVeth, ListeningSocket, PublishedPort } from '../model';
import type { Message } from '../i18n/message';

export interface ValueChange {
  from: string | null;
  to: string | null;
}

export interface SandboxBrief {
  id: string;
  state: string;
  pid: number;
  attempt: number | null;
}

export interface ContainerBrief {
  state: string;
  exitCode: number | null;
  restartCount: number;
  reason: string | null;
  netns: string | null;
}

/** One container's change; `from` null = added, `to` null = removed. */
export interface ContainerChange {
  container: string;
  from: ContainerBrief | null;
  to: ContainerBrief | null;
}

export interface PodDiff {
  name: string;
  phase?: ValueChange;
  ip?: ValueChange;
  mac?: ValueChange;
  netns?: ValueChange;
  hostVeth?: ValueChange;
  sandbox?: { from: SandboxBrief | null; to: SandboxBrief | null };
  portsOpened: PublishedPort[];
  portsClosed: PublishedPort[];
  listenersOpened: ListeningSocket[];
  listenersClosed: ListeningSocket[];
  containers: ContainerChange[];
  conflictsAppeared: Conflict[];
  conflictsCleared: Conflict[];
  /** Explanations a learner needs, e.g. containers stranded in the old netns after a sandbox restart. */
  notes: string[];
  /** The same notes as message codes with their facts, for views in another language (`notes` is their English). */
  noteMessages?: Message[];
}

export interface PodBrief {
  name: string;
  phase: string;
  ip: string | null;
  netns: string | null;
  containers: string[];
}

export interface SnapshotDiff {
  from: { takenAt: string; engine: string };
  to: { takenAt: string; engine: string };
  podsAdded: PodBrief[];
  podsRemoved: PodBrief[];
  podsChanged: PodDiff[];
  vethsAdded: HostVeth[];
  vethsRemoved: HostVeth[];
  /** False when the two snapshots show the same network. */
  changed: boolean;
}
