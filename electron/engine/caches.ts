// What an engine connection remembers between model reads, kept on the connection (one per engine instance) rather
// than in modules, so two engines in one process (tests, serve beside the CLI) never share or clear each other's.
import type { HostPortHolder } from '../../shared/conflicts/explain';

export interface EngineCaches {
  /** Who holds a hostPort, remembered briefly: live mode re-reads on every event and scanning /proc/*\/fd is not free. */
  hostPortHolders: Map<string, { at: number; holder: Promise<HostPortHolder> }>;
  /** An exited container's log tail by id + exit time (it no longer changes), bounded. */
  logTails: Map<string, Promise<string[]>>;
  /** The helper probe's queue: one helper container at a time, so a burst of refreshes does not start many. */
  helperQueue: Promise<unknown>;
}

export function newCaches(): EngineCaches {
  return { hostPortHolders: new Map(), logTails: new Map(), helperQueue: Promise.resolve() };
}
