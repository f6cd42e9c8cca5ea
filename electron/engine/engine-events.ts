// The events the engine facade emits, declared once: every front end (CLI, serve, Electron main) subscribes through
// this map and gets the payload types from it.
import type { PushEvent } from '../../shared/api';
import type { Model } from '../../shared/model';

/** The engine event a published change came from (absent when a refresh or the periodic probe found it). */
export interface ChangeCause {
  /** ISO time of the runtime's event (milliseconds of its timeNano). */
  at: string;
  /** The runtime's own nanosecond timestamp, exactly as sent (a decimal string: it exceeds 2^53). */
  timeNano: string;
  /** How the change reached podlab, where the runtime has several ways (the CRI: "events" or "relist"). */
  source?: 'events' | 'relist';
}

/** The runtime went away (its event stream ended) or came back (resubscribed and resynced). */
export interface EngineStateChange {
  state: 'disconnected' | 'reconnected';
  at: string;
  reason?: string;
}

/** What a periodic socket refresh of all pods, or one pod's refresh after an event, cost (bench, report). */
export type RefreshKind = 'periodic' | 'pod';

export interface EngineEvents {
  /** Everything front ends show: the model, pull progress, log lines, conflicts. */
  push: [PushEvent];
  /** The live model changed (watch prints the runtime event's time). */
  change: [Model, ChangeCause | undefined];
  engine: [EngineStateChange];
  refresh: [number, RefreshKind];
}
