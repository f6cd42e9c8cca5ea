// cri-dockerd-style container names and podlab's labels for the containers of a pod.

/** Per-container spec (a Kubernetes container as JSON) on each app container, so `add`ed containers are rediscovered. */
export const LABEL_SPEC = 'io.podlab.spec';
/** The Kubernetes namespace of a pod without metadata.namespace. */
export const POD_NAMESPACE = 'default';
/** On an init container that is a native sidecar (restartPolicy: Always): the kubelet always restarts it. */
export const LABEL_SIDECAR = 'io.podlab.sidecar';
/** On init containers: their place in spec.initContainers (0-based), for Init:N/M. */
export const LABEL_INIT_INDEX = 'io.podlab.init-index';

/**
 * The pod's identity on the engine (io.podlab.pod): its name in "default", `namespace/name` elsewhere — kubectl's
 * way of naming a pod of another namespace — so two pods of one name in two namespaces coexist.
 */
export function podKey(pod: { name: string; namespace?: string }): string {
  return pod.namespace && pod.namespace !== POD_NAMESPACE ? `${pod.namespace}/${pod.name}` : pod.name;
}

/** A pod uid, a random UUID as Kubernetes makes them. Web Crypto, loaded on first use (~2 ms): nothing imports it. */
export function newUid(): string {
  return globalThis.crypto.randomUUID();
}

/** k8s_POD_<pod>_<namespace>_<uid>_<attempt> */
export function sandboxName(pod: string, uid: string, attempt: number, namespace = POD_NAMESPACE): string {
  return `k8s_POD_${pod}_${namespace}_${uid}_${attempt}`;
}

/** k8s_<container>_<pod>_<namespace>_<uid>_<attempt> */
export function appName(container: string, pod: string, uid: string, attempt: number, namespace = POD_NAMESPACE): string {
  return `k8s_${container}_${pod}_${namespace}_${uid}_${attempt}`;
}

/** The kubelet's pod hostname: spec.hostname, else the pod name cut to 63 characters without a trailing '-' or '.'. */
export function podHostname(pod: string, hostname?: string): string {
  if (hostname) return hostname;
  return pod.slice(0, 63).replace(/[-.]+$/, '');
}

/** `web`, `web-2`, `web-3`…: the first name not in `taken` (bounded). */
export function nextFreeName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; i < 1000; i += 1) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error(`No free pod name like ${base}-N: remove some pods (podlab rm) first.`);
}
