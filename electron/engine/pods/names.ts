// Pod names and uids as the kubelet makes them.
import { POD_NAMESPACE } from '../runtime/vocabulary';

/** On an init container that is a native sidecar (restartPolicy: Always): the kubelet always restarts it. */
export const LABEL_SIDECAR = 'io.podlab.sidecar';
/** On init containers: their place in spec.initContainers (0-based), for Init:N/M. */
export const LABEL_INIT_INDEX = 'io.podlab.init-index';
/** On containers re-created after SandboxChanged that wait, created, for the init phase to run again before they start. */
export const LABEL_AWAIT_INIT = 'io.podlab.await-init';

export { podKey } from '../../../shared/manifest/key';

/** A pod key back to its name and namespace. */
export function splitPodKey(key: string): { name: string; namespace: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key, namespace: POD_NAMESPACE } : { name: key.slice(i + 1), namespace: key.slice(0, i) };
}

/** A pod uid, a random UUID as Kubernetes makes them. Web Crypto, loaded on first use (~2 ms): nothing imports it. */
export function newUid(): string {
  return globalThis.crypto.randomUUID();
}

/** The kubelet's pod hostname: spec.hostname, else the pod name cut to 63 characters without a trailing '-' or '.'. */
export function podHostname(pod: string, hostname?: string): string {
  if (hostname) return hostname;
  return pod.slice(0, 63).replace(/[-.]+$/, '');
}

/** The cluster domain a kubeadm kubelet is given (--cluster-domain); podlab has no cluster DNS, only this name. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The kubelet's pod domain: the headless Service's name (subdomain) in the pod's namespace, below the cluster domain. */
export function podDomain(subdomain: string | undefined, namespace: string, clusterDomain = CLUSTER_DOMAIN): string {
  return subdomain ? `${subdomain}.${namespace}.svc.${clusterDomain}` : '';
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
