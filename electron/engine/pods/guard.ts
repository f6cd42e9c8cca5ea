// The one place podlab looks up containers it may touch: only those carrying all of podlab's marks (labels and name).
import type Docker from 'dockerode';
import type { ContainerInfo } from 'dockerode';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_POD, LABEL_ROLE, LABEL_UID } from '../../../shared/model';
import { appName, sandboxName } from './names';

export type Role = 'sandbox' | 'app';

/** podlab's pod containers (sandboxes and apps), optionally of one pod. Never returns unlabelled containers. */
export async function listPodlabContainers(docker: Docker, pod?: string): Promise<ContainerInfo[]> {
  const label = [pod === undefined ? LABEL_POD : `${LABEL_POD}=${pod}`];
  const list = await docker.listContainers({ all: true, filters: { label } });
  return list.filter((c) => isPodlabContainer(c.Labels, pod) && hasPodlabMarks(c.Labels, c.Names?.[0]));
}

/**
 * True when a container carries podlab's full set of marks: pod, role, uid and attempt labels (and the container
 * label on apps), and the cri-dockerd name those labels give. A forged io.podlab.pod label alone is not enough for
 * podlab to list, restart or remove a container.
 */
export function hasPodlabMarks(labels: Record<string, string> | undefined, name: string | undefined): boolean {
  const pod = labels?.[LABEL_POD];
  const uid = labels?.[LABEL_UID];
  const attempt = labels?.[LABEL_ATTEMPT];
  if (!pod || !uid || !attempt || !/^\d+$/.test(attempt) || !name) return false;
  const role = roleOf(labels);
  const container = labels?.[LABEL_CONTAINER];
  const expected = role === 'sandbox' ? sandboxName(pod, uid, Number(attempt)) : role === 'app' && container ? appName(container, pod, uid, Number(attempt)) : null;
  return expected !== null && name.replace(/^\//, '') === expected;
}

/** True for a container labelled as part of a podlab pod (and of `pod`, when given). */
export function isPodlabContainer(labels: Record<string, string> | undefined, pod?: string): boolean {
  const name = labels?.[LABEL_POD];
  const role = labels?.[LABEL_ROLE];
  if (!name || (role !== 'sandbox' && role !== 'app')) return false;
  return pod === undefined || name === pod;
}

export function roleOf(labels: Record<string, string> | undefined): Role | null {
  const role = labels?.[LABEL_ROLE];
  return role === 'sandbox' || role === 'app' ? role : null;
}
