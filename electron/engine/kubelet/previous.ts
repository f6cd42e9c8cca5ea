// The kubelet keeps the last dead attempt of each container (garbage collection's MaxPerPodContainer = 1), which is
// what `kubectl logs --previous` reads. podlab does the same: a restart keeps the attempt it replaces and removes older ones.
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { LABEL_CONTAINER, LABEL_POD, LABEL_UID } from '../../../shared/model';
import { attemptOf as attemptOfLabels } from '../pods/discover';
import { attemptOf } from './clone';

/** Removes the attempts of `kept`'s container older than `kept` (same pod uid), so exactly one previous attempt stays. */
export async function removeOlderAttempts(docker: Docker, kept: ContainerInspectInfo): Promise<void> {
  const labels = kept.Config.Labels ?? {};
  const pod = labels[LABEL_POD];
  const name = labels[LABEL_CONTAINER];
  if (!pod || !name) return;
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_POD}=${pod}`, `${LABEL_CONTAINER}=${name}`] } });
  const keptAttempt = attemptOf(kept);
  const older = list.filter((c) => c.Id !== kept.Id && c.Labels[LABEL_UID] === labels[LABEL_UID] && attemptOfLabels(c.Labels) < keptAttempt);
  await Promise.all(older.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

/** The newest attempt of each app container: the ones the restart loop looks after (older ones are kept dead on purpose). */
export function newestAttempts(apps: ContainerInfo[]): ContainerInfo[] {
  const newest = new Map<string, ContainerInfo>();
  for (const c of apps) {
    const name = c.Labels[LABEL_CONTAINER] ?? c.Id;
    const cur = newest.get(name);
    if (!cur || attemptOfLabels(c.Labels) > attemptOfLabels(cur.Labels)) newest.set(name, c);
  }
  return [...newest.values()];
}
