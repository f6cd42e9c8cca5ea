// Finds a container of a pod by name wherever the model keeps it — app containers and native sidecars, init
// containers, ephemeral (debug) containers — so the detail panel opens for every row the topology draws.
import type { ContainerModel, PodModel } from '../../../shared/model';

export interface FoundContainer {
  c: ContainerModel;
  /** What kind of container: only app containers (and sidecars) take stop/start/restart, as with kubectl. */
  kind: 'app' | 'init' | 'ephemeral';
  /** An ephemeral container's target (whose processes it sees), else null. */
  target: string | null;
}

export function findPodContainer(pod: PodModel, name: string): FoundContainer | null {
  const app = pod.containers.find((x) => x.name === name);
  if (app) return { c: app, kind: 'app', target: null };
  const init = pod.initContainers?.find((x) => x.name === name);
  if (init) return { c: init, kind: 'init', target: null };
  const e = pod.ephemeralContainers?.find((x) => x.name === name);
  if (!e) return null;
  // An ephemeral container joins the pod's netns; the model keeps fewer facts of it than of an app container.
  const c: ContainerModel = {
    name: e.name,
    id: e.id,
    image: e.image,
    state: e.state,
    exitCode: e.exitCode ?? null,
    restartCount: 0,
    reason: null,
    namespaces: e.namespaces ?? { net: pod.namespaces.net },
    startedAt: e.startedAt ?? null,
  };
  return { c, kind: 'ephemeral', target: e.target };
}
