// Removing by name when plain groups exist beside pods: a pod's containers, a plain group's containers — and a refusal
// for any other container the user names (podlab never removes what it did not create).
import { LABEL_GROUP } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { PodInputError, UnknownPodError } from '../pods/errors';
import { podNames, removeAllPods, removePods } from '../pods/lifecycle';
import { plainGroupNames } from './discover';
import { NotPodlabsError, plainGroupMembers } from './guard';

async function removeGroups(conn: EngineConnection, groups: Set<string> | null): Promise<string[]> {
  const list = await conn.docker.listContainers({ all: true, filters: { label: [LABEL_GROUP] } });
  const members = plainGroupMembers(list, groups);
  await Promise.all(members.map((c) => conn.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return [...new Set(members.map((c) => c.Labels[LABEL_GROUP]))].sort();
}

/** Names of the engine's containers that are not podlab's, by the names a user would type (name or id prefix). */
async function foreignMatches(conn: EngineConnection, names: string[]): Promise<string[]> {
  const others = (await conn.docker.listContainers({ all: true })).filter((c) => !c.Labels?.[LABEL_GROUP]);
  return names.filter((n) => others.some((c) => c.Names.some((x) => x.replace(/^\//, '') === n) || (n.length >= 4 && c.Id.startsWith(n))));
}

/**
 * Removes the named pods and plain groups. A name that is another container (not podlab's) is refused with exit 2
 * before anything is removed; unknown names are reported after the known ones are gone.
 */
export async function removeNamed(conn: EngineConnection, names: string[]): Promise<void> {
  const [pods, groups] = await Promise.all([podNames(conn.docker), plainGroupNames(conn)]);
  const unknown = names.filter((n) => !pods.has(n) && !groups.has(n));
  const foreign = unknown.length ? await foreignMatches(conn, unknown) : [];
  if (foreign.length) throw new NotPodlabsError(foreign);
  const podTargets = names.filter((n) => pods.has(n));
  const groupTargets = names.filter((n) => groups.has(n));
  await Promise.all([podTargets.length ? removePods(conn, podTargets) : Promise.resolve(), groupTargets.length ? removeGroups(conn, new Set(groupTargets)) : Promise.resolve([])]);
  if (unknown.length) throw new UnknownPodError(unknown);
}

/** `rm --all`: every podlab pod and plain group; nothing without podlab's labels. */
export async function removeEverything(conn: EngineConnection): Promise<{ pods: string[]; groups: string[] }> {
  const [pods, groups] = await Promise.all([removeAllPods(conn), removeGroups(conn, null)]);
  return { pods, groups };
}

/** Removes one plain group; a pod's name or a foreign container's is refused (exit 2), nothing else is touched. */
export async function removePlainGroupOnly(conn: EngineConnection, group: string): Promise<void> {
  if ((await plainGroupNames(conn)).has(group)) {
    await removeGroups(conn, new Set([group]));
    return;
  }
  if ((await foreignMatches(conn, [group])).length) throw new NotPodlabsError([group]);
  throw new PodInputError(`no plain group named ${group} — podlab ls shows the plain groups podlab launched`);
}
