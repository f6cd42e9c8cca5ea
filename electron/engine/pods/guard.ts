// The one place podlab looks up containers it may touch: only those carrying io.podlab.pod (and a podlab role).
import type Docker from 'dockerode';
import type { ContainerInfo } from 'dockerode';
import { LABEL_POD, LABEL_ROLE } from '../../../shared/model';

/** init: a plain init container (a native sidecar is an app container labelled io.podlab.sidecar). */
export type Role = 'sandbox' | 'app' | 'init';

/** podlab's pod containers (sandboxes and apps), optionally of one pod. Never returns unlabelled containers. */
export async function listPodlabContainers(docker: Docker, pod?: string): Promise<ContainerInfo[]> {
  const label = [pod === undefined ? LABEL_POD : `${LABEL_POD}=${pod}`];
  const list = await docker.listContainers({ all: true, filters: { label } });
  return list.filter((c) => isPodlabContainer(c.Labels, pod));
}

/** True for a container labelled as part of a podlab pod (and of `pod`, when given). */
export function isPodlabContainer(labels: Record<string, string> | undefined, pod?: string): boolean {
  const name = labels?.[LABEL_POD];
  const role = labels?.[LABEL_ROLE];
  if (!name || (role !== 'sandbox' && role !== 'app' && role !== 'init')) return false;
  return pod === undefined || name === pod;
}

export function roleOf(labels: Record<string, string> | undefined): Role | null {
  const role = labels?.[LABEL_ROLE];
  return role === 'sandbox' || role === 'app' || role === 'init' ? role : null;
}
