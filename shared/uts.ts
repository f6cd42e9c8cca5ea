// The UTS namespace lesson: in Kubernetes a pod's containers share one UTS namespace (one hostname, the pod's). Docker
// has no shared UTS mode but copies the sandbox's hostname; Podman gives each joined container its own UTS namespace
// (hostname = its short id). The model keeps what the kernel says (namespaces.uts); these sentences explain it.
import type { ContainerModel, PodModel } from './model';

/** Containers of the pod whose UTS namespace is not the sandbox's (as the kernel reports it). */
export function ownUtsContainers(pod: PodModel): ContainerModel[] {
  const shared = pod.namespaces.uts;
  if (!shared) return [];
  return pod.containers.filter((c) => c.namespaces.uts && c.namespaces.uts !== shared);
}

/** One sentence per container with its own UTS namespace; none when every container shares the sandbox's. */
export function utsNotes(pod: PodModel): string[] {
  return ownUtsContainers(pod).map(
    (c) =>
      `${c.name} has its own UTS namespace ${c.namespaces.uts}${c.hostname ? ` (hostname ${c.hostname})` : ''}, not the sandbox's ` +
      `${pod.namespaces.uts}${pod.hostname ? ` (hostname ${pod.hostname})` : ''}: this engine does not share the sandbox's UTS namespace ` +
      'with joined containers (Podman does this). Docker copies the sandbox\'s hostname, and in Kubernetes every container of a pod ' +
      'shares one UTS namespace, so `hostname` prints the pod name in each.',
  );
}
