// What a runtime offers beyond pods, for the lesson's contrast and the node's view: plain containers (each its own
// netns, veth and IP: Docker's way, outside any sandbox) and its own listing in its own words. Both are optional: a
// CRI runtime runs containers only inside sandboxes (no `plain`), and lists through crictl's calls (its own `node`).
import type { ContainerConfig, PortMapping, SandboxStatus } from './runtime';

/** A plain container to run: what a pod's app container would be, on the default bridge on its own. */
export type PlainConfig = Omit<ContainerConfig, 'pod' | 'attempt' | 'sandboxId' | 'sharePid' | 'labels'> & {
  /** Its name on the runtime (podlab: `<group>_<container>`). */
  runtimeName: string;
  /** Ports it exposes; those with a hostPort (> 0) it publishes itself. */
  ports: PortMapping[];
  /** All of its labels (podlab's plain-group labels). */
  labels: Record<string, string>;
};

/** A container's status with its own network: the address it has and how it is attached. */
export interface PlainStatus extends SandboxStatus {
  /** The runtime's network mode: "bridge" or a network's name, "host", "none", "container:<id>". */
  networkMode: string;
  /** The network its address is on (null when none). */
  networkName: string | null;
}

export interface PlainApi {
  /** Creates and starts it; `started` settles when it runs or with why it could not (it then stays created). */
  run(cfg: PlainConfig): Promise<{ id: string; started: Promise<void> }>;
  /** null when it is gone. */
  status(id: string): Promise<PlainStatus | null>;
}

/** One row of the runtime's own listing, in its words. */
export interface RuntimeListingRow {
  id: string;
  name: string;
  image: string;
  command: string;
  /** ISO creation time. */
  created: string;
  /** The runtime's status words ("Up 3 minutes", "Exited (1) 2 seconds ago"). */
  status: string;
  state: string;
  labels: Record<string, string>;
  /** A CRI runtime's rows say what they are in its own terms (crictl pods / crictl ps -a); Docker's leave these out. */
  cri?: CriListingFacts;
}

/** What crictl shows of a row beyond docker ps: a pod sandbox or a container, its pod's metadata and attempt. */
export interface CriListingFacts {
  kind: 'sandbox' | 'container';
  /** The pod's name and namespace (a container's from its kubelet labels; '' when it carries none). */
  pod: string;
  namespace: string;
  uid: string;
  attempt: number;
  /** A container's POD ID (its sandbox's id); a sandbox's own id. */
  podId: string;
}

export interface NodeApi {
  /** Everything the runtime lists (`docker ps -a`; a CRI runtime: its pods and containers), and the command that shows it. */
  listing(): Promise<{ command: string; rows: RuntimeListingRow[] }>;
}
