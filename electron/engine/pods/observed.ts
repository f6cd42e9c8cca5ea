// Pods podlab did not create but the runtime runs — a kubelet's, on a Kubernetes node — found by the kubelet's own
// labels (io.kubernetes.pod.*). They join the model read-only (`managed: false`): nothing in podlab's lifecycle, kubelet
// or cleanup ever sees them, because those only look up containers through pods/guard.ts (podlab's labels).
import type { ContainerStatus, ContainerSummary, Runtime } from '../runtime/runtime';
import { K8S_CONTAINER_NAME, K8S_POD_NAME, K8S_POD_NAMESPACE, K8S_POD_UID } from '../runtime/cri/config';
import { LABEL_POD } from '../runtime/vocabulary';
import { discoverPods, type RawPod } from './discover';
import type { ListedDescriber } from './listed';
import { byCodePoint } from '../../../shared/order';

/** An observed pod's name in podlab: <namespace>/<name> (podlab's own names never hold a "/"). */
export function observedName(labels: Record<string, string>): string {
  return `${labels[K8S_POD_NAMESPACE] ?? 'default'}/${labels[K8S_POD_NAME] ?? '?'}`;
}

/** cri-dockerd and the CRI name a sandbox k8s_POD_…; the kubelet marks nothing else as the sandbox on both. */
function isSandbox(c: ContainerSummary): boolean {
  return c.name.startsWith('k8s_POD_');
}

const newestFirst = (a: ContainerSummary, b: ContainerSummary): number => b.created - a.created;

/** The observed pods (newest sandbox, newest container of each name), optionally only those named in `only`. */
export async function discoverObservedPods(rt: Runtime, only?: string[]): Promise<RawPod[]> {
  if (only && !only.some((n) => n.includes('/'))) return [];
  const all = (await rt.containers.list({ labels: [K8S_POD_UID] })).filter((c) => !c.labels[LABEL_POD]);
  const byUid = new Map<string, ContainerSummary[]>();
  for (const c of all) {
    if (only && !only.includes(observedName(c.labels))) continue;
    const uid = c.labels[K8S_POD_UID]!;
    byUid.set(uid, [...(byUid.get(uid) ?? []), c]);
  }
  const pods = await Promise.all([...byUid.values()].map((list) => observedPod(rt, list)));
  return pods.filter((p) => p !== null).sort((a, b) => byCodePoint(a.name, b.name));
}

async function observedPod(rt: Runtime, list: ContainerSummary[]): Promise<RawPod | null> {
  const sandboxSummary = list.filter(isSandbox).sort(newestFirst)[0];
  const newest = new Map<string, ContainerSummary>();
  for (const c of list.filter((x) => !isSandbox(x)).sort(newestFirst)) {
    const name = c.labels[K8S_CONTAINER_NAME] ?? c.name;
    if (!newest.has(name)) newest.set(name, c);
  }
  const [sandbox, ...apps] = await Promise.all([
    sandboxSummary ? rt.sandboxes.status(sandboxSummary.id).catch(() => null) : Promise.resolve(null),
    ...[...newest.values()].map((c) => rt.containers.status(c.id).catch(() => null)),
  ]);
  const read = apps.filter((a): a is ContainerStatus => a !== null);
  if (!sandbox && read.length === 0) return null;
  const labels = sandbox?.labels ?? read[0]!.labels;
  return {
    name: observedName(labels),
    sandbox: sandbox && 'ports' in sandbox ? sandbox : null,
    // Shown by their name in the pod (the kubelet's label), not the runtime's k8s_… name: a copy, the runtime's answer is not changed.
    apps: read.map((a) => ({ ...a, name: a.labels[K8S_CONTAINER_NAME] ?? a.name })),
    spec: null,
    managed: false,
    namespace: labels[K8S_POD_NAMESPACE] ?? 'default',
  };
}

/** podlab's pods, then the pods it only observes (read-only, `managed: false`). */
export async function discoverAllPods(rt: Runtime, only?: string[], describe?: ListedDescriber): Promise<RawPod[]> {
  const [own, observed] = await Promise.all([discoverPods(rt, only, describe), discoverObservedPods(rt, only).catch((): RawPod[] => [])]);
  return [...own, ...observed];
}
