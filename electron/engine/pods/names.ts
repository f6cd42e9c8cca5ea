// Pod names and uids as the kubelet makes them.

/** A pod uid, a random UUID as Kubernetes makes them. Web Crypto, loaded on first use (~2 ms): nothing imports it. */
export function newUid(): string {
  return globalThis.crypto.randomUUID();
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
