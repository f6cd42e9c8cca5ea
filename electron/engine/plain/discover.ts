// Finds the containers outside any podlab pod: podlab's `launch --plain` groups (any state) and everyone else's
// running containers. Only reads: nothing here changes a container (see guard.ts for what podlab may touch).
import type { EngineConnection } from '../docker';
import type { PlainStatus } from '../runtime/plain';
import type { ContainerSummary, Runtime } from '../runtime/runtime';
import { isPodlabContainer, LABEL_GROUP, LABEL_HELPER } from '../runtime/vocabulary';
import { isPlainContainer } from './guard';
import { hasPodlabMarks } from '../pods/guard';

/** A container outside any pod, as the runtime describes it. */
export type RawPlain = PlainStatus;

const LIVE_STATES = new Set(['running', 'paused', 'restarting']);

/**
 * Which listed containers belong in plainContainers: not a pod's, not podlab's probe helper; others only while alive. A
 * container with podlab's pod labels but not its full marks (pods/guard.ts) is not a pod's: it is shown as anyone
 * else's, so a forged label neither hides a container nor makes it podlab's.
 */
export function wantedPlain(c: Pick<ContainerSummary, 'labels' | 'state' | 'name'>): boolean {
  if ((isPodlabContainer(c.labels) && hasPodlabMarks(c.labels, c.name)) || c.labels?.[LABEL_HELPER] !== undefined) return false;
  return isPlainContainer(c.labels) || LIVE_STATES.has(c.state);
}

/** Lists the containers outside any pod with their own network, sorted by name; `group`: only that plain group. */
export async function discoverPlain(rt: Runtime, group?: string): Promise<RawPlain[]> {
  const plain = rt.plain;
  if (!plain) return []; // a CRI runtime runs containers only inside sandboxes
  const list = await rt.containers.list(group === undefined ? {} : { labels: [`${LABEL_GROUP}=${group}`] });
  const wanted = list.filter((c) => wantedPlain(c) && (group === undefined || isPlainContainer(c.labels, group, c.name)));
  const statuses = await Promise.all(wanted.map((c) => plain.status(c.id).catch(() => null)));
  return statuses.filter((c): c is RawPlain => c !== null).sort((a, b) => a.name.localeCompare(b.name));
}

/** Names of podlab's plain groups on the engine. */
export async function plainGroupNames(conn: EngineConnection): Promise<Set<string>> {
  const list = await conn.runtime.containers.list({ labels: [LABEL_GROUP] });
  return new Set(list.filter((c) => isPlainContainer(c.labels, undefined, c.name)).map((c) => c.labels[LABEL_GROUP]));
}
