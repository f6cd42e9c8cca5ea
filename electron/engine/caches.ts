// What an engine connection remembers between model reads, kept on the connection (one per engine instance) rather
// than in modules, so two engines in one process (tests, serve beside the CLI) never share or clear each other's.
import type { HostPortHolder } from '../../shared/conflicts/explain';
import type { ContainerSummary } from './runtime/runtime';

export interface EngineCaches {
  /** Who holds a hostPort, remembered briefly: live mode re-reads on every event and scanning /proc/*\/fd is not free. */
  hostPortHolders: Map<string, { at: number; holder: Promise<HostPortHolder> }>;
  /** An exited container's log tail by id + exit time (it no longer changes), bounded. */
  logTails: Map<string, Promise<string[]>>;
  /** The helper probe's queue: one helper container at a time, so a burst of refreshes does not start many. */
  helperQueue: Promise<unknown>;
  /**
   * A listing of every container asked for while the connection was being made (ConnectOptions.listAhead), for the
   * first model build to take (takeListingAhead); later builds list afresh.
   */
  listingAhead?: Promise<ContainerSummary[]>;
}

/** The listing made while connecting, once: the first model build takes it, any later one lists again. */
export function takeListingAhead(caches: EngineCaches): Promise<ContainerSummary[]> | undefined {
  const ahead = caches.listingAhead;
  delete caches.listingAhead;
  return ahead;
}

export function newCaches(): EngineCaches {
  return { hostPortHolders: new Map(), logTails: new Map(), helperQueue: Promise.resolve() };
}
