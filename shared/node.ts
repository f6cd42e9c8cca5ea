// The node's own view: what the container runtime itself lists (`docker ps -a`, or a CRI runtime's pods and
// containers), in its own words, each row mapped to the pod/container it is in podlab's model. Pure: a runtime backend
// gathers the rows, these functions read them.
import type { Model } from './model';

/** cri-dockerd's name of a pod's container: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>; "POD" is the sandbox. */
export interface CriName {
  container: string;
  pod: string;
  namespace: string;
  uid: string;
  attempt: number;
}

/** Where a row sits in podlab's model. */
export type ModelRef =
  | { kind: 'sandbox'; pod: string }
  | { kind: 'app'; pod: string; container: string }
  /** An init container (run to completion before the apps) or an ephemeral one (podlab debug) of a pod. */
  | { kind: 'init' | 'ephemeral'; pod: string; container: string }
  | { kind: 'plain'; group: string | null; container: string }
  /** A podlab container the model no longer shows (an earlier attempt, replaced by a restart). */
  | { kind: 'earlier'; pod: string; container: string }
  | { kind: 'none' };

export interface NodeRow {
  /** Short id, as `docker ps` prints it (12 characters). */
  id: string;
  image: string;
  command: string;
  /** ISO creation time. */
  created: string;
  /** The runtime's own status words ("Up 3 minutes", "Exited (1) 2 seconds ago"). */
  status: string;
  state: string;
  name: string;
  /** A pause (sandbox) container: cri-dockerd's k8s_POD_… or podlab's sandbox label. */
  pause: boolean;
  cri: CriName | null;
  model: ModelRef;
  /** On a CRI runtime: which of crictl's two listings the row is from, and a container's POD ID (short). */
  kind?: 'sandbox' | 'container';
  podId?: string;
}

export interface NodeListing {
  /** Which runtime answered: Docker's API, or a CRI runtime (where a backend implements it). */
  runtime: 'docker' | 'cri';
  endpoint: string;
  /** The command whose listing this mirrors, e.g. "docker ps -a". */
  command: string;
  rows: NodeRow[];
  /** Commands that show the same on a real Kubernetes node. */
  onARealNode: string[];
}

/** The commands that list pause containers and pods on a real node, by runtime. */
export const REAL_NODE_COMMANDS: readonly string[] = [
  'docker ps --filter name=k8s_POD_',
  'crictl pods',
  'ctr -n k8s.io containers list',
];

/** On a CRI node (containerd, CRI-O) there are no k8s_ names: crictl lists the sandboxes and the containers apart. */
export const REAL_NODE_COMMANDS_CRI: readonly string[] = ['crictl pods', 'crictl ps -a', 'ctr -n k8s.io containers list'];

/** Parses a cri-dockerd container name; null for any other name. */
export function parseCriName(name: string): CriName | null {
  const parts = name.replace(/^\//, '').split('_');
  if (parts.length !== 6 || parts[0] !== 'k8s') return null;
  const attempt = Number(parts[5]);
  if (!Number.isInteger(attempt) || attempt < 0 || parts.slice(1, 5).some((p) => p === '')) return null;
  return { container: parts[1], pod: parts[2], namespace: parts[3], uid: parts[4], attempt };
}

/** Finds a container (by full id) in the model; podlab labels tell an earlier attempt from a stranger. */
export function modelRefOf(model: Model, fullId: string, labels: Record<string, string>): ModelRef {
  for (const p of model.pods) {
    if (p.sandbox?.id === fullId) return { kind: 'sandbox', pod: p.name };
    const c = p.containers.find((x) => x.id === fullId);
    if (c) return { kind: 'app', pod: p.name, container: c.name };
    const init = p.initContainers?.find((x) => x.id === fullId);
    if (init) return { kind: 'init', pod: p.name, container: init.name };
    const debug = p.ephemeralContainers?.find((x) => x.id === fullId);
    if (debug) return { kind: 'ephemeral', pod: p.name, container: debug.name };
  }
  const plain = model.plainContainers?.find((x) => x.id === fullId);
  if (plain) return { kind: 'plain', group: plain.group, container: plain.container ?? plain.name };
  const pod = labels['io.podlab.pod'];
  if (pod) return { kind: 'earlier', pod, container: labels['io.podlab.role'] === 'sandbox' ? 'POD' : (labels['io.podlab.container'] ?? labels['io.podlab.ephemeral'] ?? '?') };
  return { kind: 'none' };
}

/** How many pause containers each pod has on the node (the lesson: exactly one per pod). */
export function pausePerPod(rows: NodeRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!r.pause) continue;
    const pod = r.cri?.pod ?? (r.model.kind === 'sandbox' || r.model.kind === 'earlier' ? r.model.pod : '?');
    out.set(pod, (out.get(pod) ?? 0) + 1);
  }
  return out;
}

/** A row's place in the model, in English (the UI renders its own language from ModelRef). */
export function modelRefText(ref: ModelRef): string {
  switch (ref.kind) {
    case 'sandbox':
      return `pod ${ref.pod} · sandbox (pause)`;
    case 'app':
      return `pod ${ref.pod} · container ${ref.container}`;
    case 'init':
      return `pod ${ref.pod} · init container ${ref.container}`;
    case 'ephemeral':
      return `pod ${ref.pod} · ephemeral container ${ref.container}`;
    case 'plain':
      return ref.group ? `plain group ${ref.group} · ${ref.container}` : 'not podlab\'s (read-only)';
    case 'earlier':
      return `pod ${ref.pod} · ${ref.container} (earlier attempt)`;
    default:
      return '-';
  }
}

/** How to read crictl's two listings, in one line. */
export const HOW_TO_READ_CRI =
  'crictl pods lists the sandboxes (one per pod: its pause container, holding the netns) by the pod\'s name, namespace and attempt; crictl ps -a lists the containers inside them, each with its POD ID and pod, attempt counting restarts.';

/** How to read a cri-dockerd name, in one line. */
export const HOW_TO_READ =
  'k8s_<container>_<pod>_<namespace>_<pod uid>_<attempt>: "POD" as the container is the pause container (the sandbox holding the pod\'s netns); attempt counts restarts.';
