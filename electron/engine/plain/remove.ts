// Removing by name when plain groups exist beside pods: a pod's containers, a plain group's containers — and a refusal
// for any other container the user names (podlab never removes what it did not create).
import type { EngineConnection } from '../docker';
import { PodInputError, UnknownPodError } from '../pods/errors';
import { podNames } from '../pods/launch';
import { removeAllPods, removePods } from '../pods/lifecycle';
import { LABEL_GROUP } from '../runtime/vocabulary';
import { plainGroupNames } from './discover';
import { NotPodlabsError, plainGroupMembers } from './guard';

async function removeGroups(conn: EngineConnection, groups: Set<string> | null): Promise<string[]> {
  const members = plainGroupMembers(await conn.runtime.containers.list({ labels: [LABEL_GROUP] }), groups);
  await Promise.all(members.map((c) => conn.runtime.containers.remove(c.id).catch(() => undefined)));
  return [...new Set(members.map((c) => c.labels[LABEL_GROUP]))].sort();
}

/** The names a user typed that are containers podlab did not make (by name, or an id prefix of 4+ characters). */
async function foreignMatches(conn: EngineConnection, names: string[]): Promise<string[]> {
  const others = (await conn.runtime.containers.list()).filter((c) => !c.labels?.[LABEL_GROUP]);
  return names.filter((n) => others.some((c) => c.name === n || (n.length >= 4 && c.id.startsWith(n))));
}

/**
 * Removes the named pods and plain groups; then names the rest (exit 2): unknown, or containers podlab did not create
 * — those are never touched.
 */
export async function removeNamed(conn: EngineConnection, names: string[]): Promise<void> {
  const [pods, groups] = await Promise.all([podNames(conn.runtime), plainGroupNames(conn)]);
  const unknown = names.filter((n) => !pods.has(n) && !groups.has(n));
  const podTargets = names.filter((n) => pods.has(n));
  const groupTargets = names.filter((n) => groups.has(n));
  await Promise.all([podTargets.length ? removePods(conn, podTargets) : Promise.resolve(), groupTargets.length ? removeGroups(conn, new Set(groupTargets)) : Promise.resolve([])]);
  if (unknown.length === 0) return;
  const foreign = await foreignMatches(conn, unknown);
  if (foreign.length) throw new NotPodlabsError(foreign, unknown.filter((n) => !foreign.includes(n)));
  throw new UnknownPodError(unknown);
}

/** `rm --all`: every podlab pod and plain group; nothing without podlab's labels. */
export async function removeEverything(conn: EngineConnection): Promise<{ pods: string[]; groups: string[] }> {
  const [pods, groups] = await Promise.all([removeAllPods(conn), removeGroups(conn, null)]);
  return { pods, groups };
}

/** Removes one plain group; a foreign container's name is refused (exit 2), and nothing else is touched. */
export async function removePlainGroupOnly(conn: EngineConnection, group: string): Promise<void> {
  if ((await plainGroupNames(conn)).has(group)) {
    await removeGroups(conn, new Set([group]));
    return;
  }
  if ((await foreignMatches(conn, [group])).length) throw new NotPodlabsError([group]);
  throw new PodInputError(`no plain group named ${group} — podlab ls shows the plain groups podlab launched`);
}
