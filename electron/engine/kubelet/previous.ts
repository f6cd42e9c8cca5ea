// The kubelet keeps the last dead attempt of each container (garbage collection's MaxPerPodContainer = 1), which is
// what `kubectl logs --previous` reads. podlab does the same: a restart keeps the attempt it replaces and removes older ones.
import type { ContainerStatus, ContainerSummary, Runtime } from '../runtime/runtime';
import { attemptOf, LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../runtime/vocabulary';
import { listPodlabContainers } from '../pods/guard';

/** Removes the attempts of `kept`'s container older than `kept` (same pod uid), so exactly one previous attempt stays. */
export async function removeOlderAttempts(rt: Runtime, kept: ContainerStatus): Promise<void> {
  const pod = kept.labels[LABEL_POD];
  const name = kept.labels[LABEL_CONTAINER];
  if (!pod || !name) return;
  const list = await listPodlabContainers(rt, pod);
  const keptAttempt = attemptOf(kept);
  const older = list.filter(
    (c) => c.id !== kept.id && c.labels[LABEL_CONTAINER] === name && c.labels[LABEL_UID] === kept.labels[LABEL_UID] && attemptOf(c) < keptAttempt,
  );
  await Promise.all(older.map((c) => rt.containers.remove(c.id).catch(() => undefined)));
}

/** The newest attempt of each app container: the ones the restart loop looks after (older ones are kept dead on purpose). */
export function newestAttempts<T extends Pick<ContainerSummary, 'id' | 'labels'>>(apps: T[]): T[] {
  const newest = new Map<string, T>();
  for (const c of apps) {
    const name = c.labels[LABEL_CONTAINER] ?? c.id;
    const cur = newest.get(name);
    if (!cur || attemptOf(c) > attemptOf(cur)) newest.set(name, c);
  }
  return [...newest.values()];
}
