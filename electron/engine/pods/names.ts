// cri-dockerd-style container names and podlab's labels for the containers of a pod.

/** Per-container spec (a Kubernetes container as JSON) on each app container, so `add`ed containers are rediscovered. */
export const LABEL_SPEC = 'io.podlab.spec';
/** Kubernetes namespace in cri-dockerd names; podlab runs every pod in "default". */
export const POD_NAMESPACE = 'default';

/** A pod uid, a random UUID as Kubernetes makes them. Web Crypto, loaded on first use (~2 ms): nothing imports it. */
export function newUid(): string {
  return globalThis.crypto.randomUUID();
}

/** k8s_POD_<pod>_<namespace>_<uid>_<attempt> */
export function sandboxName(pod: string, uid: string, attempt: number): string {
  return `k8s_POD_${pod}_${POD_NAMESPACE}_${uid}_${attempt}`;
}

/** k8s_<container>_<pod>_<namespace>_<uid>_<attempt> */
export function appName(container: string, pod: string, uid: string, attempt: number): string {
  return `k8s_${container}_${pod}_${POD_NAMESPACE}_${uid}_${attempt}`;
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
