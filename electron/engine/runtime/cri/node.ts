// The CRI runtime's own listing for the node's view (../plain.ts NodeApi): what `crictl pods` and `crictl ps -a` show,
// from the same ListPodSandbox/ListContainers calls, in crictl's words (Ready/NotReady, Running/Exited…).
import type { CriClient } from '../../cri/client';
import type * as cri from '../../cri/types';
import type { NodeApi, RuntimeListingRow } from '../plain';
import { K8S_POD_NAME, K8S_POD_NAMESPACE, K8S_POD_UID } from './config';
import { call } from './errors';
import { containerState, criTime } from './status';

/** crictl's STATE column: a sandbox is Ready or NotReady; a container Created, Running, Exited or Unknown. */
function sandboxStateWord(s: cri.SandboxState): string {
  return s === 'SANDBOX_READY' ? 'Ready' : 'NotReady';
}

function containerStateWord(s: cri.ContainerState): string {
  const w = s.replace(/^CONTAINER_/, '').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function created(nanos: string): string {
  return criTime(nanos) ?? new Date(0).toISOString();
}

export function sandboxRow(s: cri.PodSandbox): RuntimeListingRow {
  const state = sandboxStateWord(s.state);
  const m = s.metadata;
  return {
    id: s.id,
    name: m.name,
    image: '',
    command: '',
    created: created(s.createdAt),
    status: state,
    state: s.state === 'SANDBOX_READY' ? 'running' : 'exited',
    labels: s.labels,
    cri: { kind: 'sandbox', pod: m.name, namespace: m.namespace, uid: m.uid, attempt: m.attempt, podId: s.id },
  };
}

/** A container's POD column: crictl resolves it from the sandbox; the kubelet labels say the same without a lookup. */
export function containerRow(c: cri.Container, sandboxes: Map<string, cri.PodSandbox>): RuntimeListingRow {
  const sb = sandboxes.get(c.podSandboxId)?.metadata;
  return {
    id: c.id,
    name: c.metadata.name,
    image: c.image.image,
    command: '',
    created: created(c.createdAt),
    status: containerStateWord(c.state),
    state: containerState(c.state),
    labels: c.labels,
    cri: {
      kind: 'container',
      pod: sb?.name ?? c.labels[K8S_POD_NAME] ?? '',
      namespace: sb?.namespace ?? c.labels[K8S_POD_NAMESPACE] ?? '',
      uid: sb?.uid ?? c.labels[K8S_POD_UID] ?? '',
      attempt: c.metadata.attempt,
      podId: c.podSandboxId,
    },
  };
}

/** Newest first, as crictl prints them: the pods, then the containers. */
function newestFirst(a: { createdAt: string }, b: { createdAt: string }): number {
  const x = BigInt(a.createdAt || '0');
  const y = BigInt(b.createdAt || '0');
  return x === y ? 0 : x > y ? -1 : 1;
}

export function criNode(client: CriClient): NodeApi {
  return {
    listing: async () => {
      const [sandboxes, containers] = await Promise.all([call(client.listPodSandbox({})), call(client.listContainers({}))]);
      const byId = new Map(sandboxes.map((s) => [s.id, s]));
      const rows = [...[...sandboxes].sort(newestFirst).map(sandboxRow), ...[...containers].sort(newestFirst).map((c) => containerRow(c, byId))];
      return { command: 'crictl pods; crictl ps -a', rows };
    },
  };
}
