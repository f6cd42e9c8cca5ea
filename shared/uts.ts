// The UTS namespace lesson: in Kubernetes a pod's containers join the sandbox's one UTS namespace (one hostname, the
// pod's). Docker has no shared UTS mode: each joined container gets its own UTS namespace with the pod's hostname copied
// in; Podman gives each its own UTS namespace with its own hostname (its short id). The model keeps what the kernel says
// (containers[].namespaces.uts, hostname); these sentences explain it.
import type { ContainerModel, PodModel } from './model';

/** Containers of the pod whose UTS namespace is not the sandbox's (as the kernel reports it). */
export function ownUtsContainers(pod: PodModel): ContainerModel[] {
  const shared = pod.namespaces.uts;
  if (!shared) return [];
  return pod.containers.filter((c) => c.namespaces.uts && c.namespaces.uts !== shared);
}

const KUBERNETES = 'in Kubernetes every container of a pod joins the sandbox\'s one UTS namespace and sees the pod name';

function names(cs: ContainerModel[], detail: (c: ContainerModel) => string): string {
  return cs.map((c) => `${c.name} ${detail(c)}`).join(', ');
}

/** At most two sentences: containers given the pod's hostname (Docker) and containers with their own (Podman). */
export function utsNotes(pod: PodModel): string[] {
  const own = ownUtsContainers(pod);
  const copied = own.filter((c) => !c.hostname || c.hostname === pod.hostname);
  const renamed = own.filter((c) => c.hostname && c.hostname !== pod.hostname);
  const sandbox = `the sandbox's ${pod.namespaces.uts}${pod.hostname ? ` (hostname ${pod.hostname})` : ''}`;
  const out: string[] = [];
  if (copied.length) {
    out.push(
      `Own UTS namespaces, not ${sandbox}: ${names(copied, (c) => `${c.namespaces.uts}`)}. The engine copied the pod's hostname into ` +
        `each (as Docker does), so \`hostname\` prints the pod name there too; ${KUBERNETES}.`,
    );
  }
  if (renamed.length) {
    out.push(
      `Own UTS namespaces and hostnames, not ${sandbox}: ${names(renamed, (c) => `${c.namespaces.uts} (hostname ${c.hostname})`)}. ` +
        `\`hostname\` there prints the container's own name, not the pod's (Podman does this; Docker copies the pod's hostname); ${KUBERNETES}.`,
    );
  }
  return out;
}
