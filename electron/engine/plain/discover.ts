// Finds the containers outside any podlab pod: podlab's `launch --plain` groups (any state) and everyone else's
// running containers. Only reads: nothing here changes a container (see guard.ts for what podlab may touch).
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { LABEL_GROUP, LABEL_HELPER } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { isPodlabContainer } from '../pods/guard';
import { isPlainContainer } from './guard';

/** A container outside any pod, as the engine describes it. */
export type RawPlain = ContainerInspectInfo;

const LIVE_STATES = new Set(['running', 'paused', 'restarting']);

/** Which listed containers belong in plainContainers: not a pod's, not podlab's probe helper; others only while alive. */
export function wantedPlain(c: Pick<ContainerInfo, 'Labels' | 'State'>): boolean {
  if (isPodlabContainer(c.Labels) || c.Labels?.[LABEL_HELPER] !== undefined) return false;
  return isPlainContainer(c.Labels) || LIVE_STATES.has(c.State);
}

/** Lists and inspects the containers outside any pod, sorted by name. `group`: only that podlab plain group. */
export async function discoverPlain(docker: Docker, group?: string): Promise<RawPlain[]> {
  const list = await docker.listContainers({ all: true });
  const wanted = list.filter((c) => wantedPlain(c) && (group === undefined || isPlainContainer(c.Labels, group)));
  const inspected = await Promise.all(
    wanted.map((c) =>
      docker
        .getContainer(c.Id)
        .inspect()
        .catch(() => null), // removed between list and inspect
    ),
  );
  return inspected.filter((c): c is RawPlain => c !== null).sort((a, b) => a.Name.localeCompare(b.Name));
}

/** Names of podlab's plain groups on the engine. */
export async function plainGroupNames(conn: EngineConnection): Promise<Set<string>> {
  const list = await conn.docker.listContainers({ all: true, filters: { label: [LABEL_GROUP] } });
  return new Set(list.filter((c) => isPlainContainer(c.Labels)).map((c) => c.Labels[LABEL_GROUP]));
}
