// The one place podlab looks up containers it may touch: only those carrying all of podlab's marks (labels and name).
import type { ContainerSummary, Runtime } from '../runtime/runtime';
import { isPodlabContainer, LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_EPHEMERAL, LABEL_POD, LABEL_UID, POD_NAMESPACE, roleOf } from '../runtime/vocabulary';
// The cri-dockerd names podlab gives its containers (the Docker runtime makes them; a forger would have to match them too).
import { appName, sandboxName } from '../runtime/docker/create';

export { isPodlabContainer, roleOf, type Role } from '../runtime/vocabulary';

/** podlab's pod containers (sandboxes and apps), optionally of one pod. Never returns unlabelled containers. */
export async function listPodlabContainers(rt: Runtime, pod?: string): Promise<ContainerSummary[]> {
  const list = await rt.containers.list({ labels: [pod === undefined ? LABEL_POD : `${LABEL_POD}=${pod}`] });
  return list.filter((c) => isPodlabContainer(c.labels, pod) && hasPodlabMarks(c.labels, c.name));
}

/**
 * True when a container carries podlab's full set of marks: pod, role, uid and attempt labels (and the container
 * label on apps), and the cri-dockerd name those labels give. A forged io.podlab.pod label alone is not enough for
 * podlab to list, restart or remove a container.
 */
export function hasPodlabMarks(labels: Record<string, string> | undefined, name: string | undefined): boolean {
  const pod = labels?.[LABEL_POD];
  const uid = labels?.[LABEL_UID];
  if (!pod || !uid || !name) return false;
  const bare = name.replace(/^\//, '');
  // Containers from before the attempt label carry their attempt only in the name's suffix.
  const attempt = labels?.[LABEL_ATTEMPT] ?? /_(\d+)$/.exec(bare)?.[1];
  if (!attempt || !/^\d+$/.test(attempt)) return false;
  const n = Number(attempt);
  const role = roleOf(labels);
  const container = labels?.[LABEL_CONTAINER];
  const ephemeral = labels?.[LABEL_EPHEMERAL];
  const expected =
    role === 'sandbox'
      ? sandboxName(pod, POD_NAMESPACE, uid, n)
      : role === 'app' && container
        ? appName(container, pod, POD_NAMESPACE, uid, n)
        : role === 'ephemeral' && ephemeral
          ? appName(ephemeral, pod, POD_NAMESPACE, uid, n)
          : null;
  return expected !== null && bare === expected;
}

/** Every running container of the runtime, podlab's or not, for read-only questions (who publishes this hostPort?). */
export function listRunningContainers(rt: Runtime, limit?: number): Promise<ContainerSummary[]> {
  return rt.containers.list({ running: true, limit });
}
