// Entry point of the kubelet-like restart manager for long-lived podlab processes (live mode: watch, serve, the app).
import type { EngineConnection } from '../docker';
import { Kubelet, type KubeletOptions } from './manager';

export { Kubelet } from './manager';

/**
 * Starts restart handling (CrashLoopBackOff back-off, SandboxChanged) for every podlab pod; null when disabled with
 * PODLAB_KUBELET=off (then failed containers stay as they are, like a node whose kubelet is down).
 */
export function startKubelet(conn: EngineConnection, onAction?: KubeletOptions['onAction']): Kubelet | null {
  const { kubelet, kubeletOnly: prefix, backoff } = conn.config;
  if (!kubelet) return null;
  // Test-only: manage just the pods whose name starts with this prefix (tests share one engine).
  const k = new Kubelet(conn.runtime, { ...(prefix ? { only: (pod: string) => pod.startsWith(prefix) } : {}), backoff, onAction });
  // Failures to reach the engine are retried by the kubelet's own event reconnects.
  k.start().catch(() => undefined);
  return k;
}
