// The one place podlab looks up containers it may touch: only those carrying io.podlab.pod (and a podlab role).
import type { ContainerSummary, Runtime } from '../runtime/runtime';
import { isPodlabContainer, LABEL_POD } from '../runtime/vocabulary';

export { isPodlabContainer, roleOf, type Role } from '../runtime/vocabulary';

/** podlab's pod containers (sandboxes and apps), optionally of one pod. Never returns unlabelled containers. */
export async function listPodlabContainers(rt: Runtime, pod?: string): Promise<ContainerSummary[]> {
  const list = await rt.containers.list({ labels: [pod === undefined ? LABEL_POD : `${LABEL_POD}=${pod}`] });
  return list.filter((c) => isPodlabContainer(c.labels, pod));
}

/** Every running container of the runtime, podlab's or not, for read-only questions (who publishes this hostPort?). */
export function listRunningContainers(rt: Runtime, limit?: number): Promise<ContainerSummary[]> {
  return rt.containers.list({ running: true, limit });
}
