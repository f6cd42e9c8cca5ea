// The one network model of podlab: produced by the engine side, read by every view and exporter.
// JSON names here are a public contract (docs/contract.md): add fields freely, never rename.

import type { PodManifest } from './manifest/manifest';
import type { Message } from './i18n/codes';
import type { ContainerReason, PodReason } from './reasons';

import type { ContainerState, PodPhase, Protocol, RestartPolicy } from './kube';

export type { ContainerState, PodPhase, Protocol, RestartPolicy } from './kube';

/** How host-side facts (/proc, /sys) are read: directly as root, or through a helper container. */
export type ProbePath = 'direct' | 'helper' | 'none';

export interface EngineInfo {
  endpoint: string;
  version: string;
  apiVersion?: string;
  os?: string;
  /** How /proc and /sys are read for this model. */
  probe?: ProbePath;
  /** Why the probe failed this time (the model then lacks namespaces/sockets), when it did. */
  probeError?: string;
  /** The engine's product as its version API names it: "Docker", "Docker Desktop", "Podman". */
  name?: string;
  /** The engine's processes are not this machine's (remote host or VM): kernel facts came through the helper. */
  remote?: boolean;
  /** Which kind of runtime answers: a Docker or Podman engine, or a CRI runtime (--runtime-endpoint). */
  kind?: 'docker' | 'podman' | 'cri';
}

export interface Bridge {
  name: string;
  subnet: string;
  gateway: string;
  ifindex?: number;
  mac?: string;
}

export interface HostVeth {
  name: string;
  ifindex: number;
  peerIfindex: number;
  bridge: string | null;
  /** The pod whose eth0 is this veth's peer, or null when it is not a podlab pod's. */
  pod: string | null;
  /** The plain container (outside any pod) whose eth0 is this veth's peer, when it is one's. */
  container?: string | null;
}

export interface HostModel {
  bridges: Bridge[];
  veths: HostVeth[];
}

export interface SandboxInfo {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  pid: number;
  /** cri-dockerd attempt counter: 0 for the first sandbox, +1 for each SandboxChanged recreation. */
  attempt?: number;
}

export interface Namespaces {
  net: string | null;
  ipc?: string | null;
  uts?: string | null;
  pid?: string | null;
}

export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

export interface ListeningSocket {
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  address: string;
  port: number;
  /** Owning container name, or null when the socket's owner could not be found. */
  container: string | null;
  pid: number | null;
  process: string | null;
  inode?: number;
}

export interface NetInterface {
  name: string;
  ifindex: number;
  /** iflink: for a veth, the ifindex of its peer (in the host namespace for a pod's eth0). */
  peerIfindex: number | null;
  mtu: number;
  mac: string | null;
  addresses: string[];
  state?: string;
}

export interface ContainerModel {
  name: string;
  id: string;
  image: string;
  state: ContainerState;
  exitCode: number | null;
  restartCount: number;
  /** Kubernetes reason: CrashLoopBackOff, Error, Completed, ContainerCreating… (the closed set of shared/reasons.ts) */
  reason: ContainerReason | null;
  namespaces: Namespaces;
  pid?: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** Declared container ports from the manifest. */
  ports?: { containerPort: number; protocol: Protocol; name?: string }[];
  /** When CrashLoopBackOff: ISO time of the next restart attempt. */
  nextRestartAt?: string | null;
  /** `why` in English (Docker's own error text, or podlab's sentence). */
  message?: string | null;
  /** A native sidecar: an init container with restartPolicy Always, running beside the app containers. */
  sidecar?: boolean;
  /** The container's volume mounts: volume name and where it appears. */
  mounts?: { volume: string; path: string; readOnly: boolean }[];
  /** resources as the manifest wrote them (requests are shown; limits are the engine's cgroup limits). */
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  /** The readinessProbe's last answer (true without a probe once running), as the Ready condition uses it. */
  ready?: boolean;
  /** The probes the manifest declares, by kind. */
  probes?: ('liveness' | 'readiness' | 'startup')[];
  /** false when its livenessProbe failed when a one-shot reader (launch, ls, inspect) probed it once (podlab restarts on it only while it watches). */
  live?: boolean;
  /** What happened to the container, as a message code with its facts; views render it in their language. */
  why?: Message | null;
  /** The hostname the engine gave the container (Podman: its own, the short id; Docker: the sandbox's). */
  hostname?: string;
}

export type ConflictKind = 'pod-port' | 'host-port';

export interface ConflictParty {
  pod: string | null;
  container: string | null;
  process?: string | null;
  pid?: number | null;
  /** For host-port holders outside Docker: "host" */
  kind?: 'container' | 'host' | 'unknown';
  /** The address the holder's socket is bound to, when it is not the wildcard. */
  address?: string | null;
}

export interface Conflict {
  kind: ConflictKind;
  protocol: Protocol;
  port: number;
  holder: ConflictParty;
  victim: ConflictParty;
  message: string;
  /** What Kubernetes would do / say, in one sentence. */
  kubernetes?: string;
  netns?: string | null;
  hostIp?: string;
  at?: string;
  /**
   * pod-port: 'log' when the victim's log names the port, 'declared' when inferred from its declared port, 'guessed'
   * when its log says a bind failed without a port and the port comes from its command or env (see `guess`).
   */
  evidence?: 'log' | 'declared' | 'guessed';
  /** pod-port: both containers declare this containerPort (the API server warns: duplicate port definition). */
  duplicateDeclared?: boolean;
  /** pod-port: the address the victim asked for, when its log names one. */
  address?: string | null;
  /** Pod-port conflicts whose port no log line or manifest names: the guess from command/env and the socket table. */
  guess?: { source: 'command' | 'env'; word: string; confidence: 'likely' | 'possible' };
}

export interface PodEvent {
  at: string;
  type: 'Normal' | 'Warning';
  reason: string;
  /** `why` in English. */
  message: string;
  container?: string | null;
  /** The event's message as a code with its facts. */
  why?: Message;
}

export interface PodWhy {
  reason: PodReason;
  message: Message;
}

export interface PodModel {
  name: string;
  /** Always "default" for now; kept for cri-dockerd-style names. */
  namespace?: string;
  uid?: string;
  phase: PodPhase;
  /** Why the phase is what it is, in English (e.g. "hostPort 8080/tcp is already allocated"): `why.message` rendered. */
  reason?: string | null;
  /** Why the phase is what it is, as facts: the Kubernetes reason and a message code. */
  why?: PodWhy | null;
  sandbox: SandboxInfo | null;
  namespaces: Namespaces;
  /** Stable identity of the netns: inode plus sandbox id (inodes are reused after a netns dies). */
  netnsKey?: string | null;
  ip: string | null;
  mac: string | null;
  gateway?: string | null;
  hostVeth: string | null;
  interfaces?: NetInterface[];
  ports: PublishedPort[];
  listening: ListeningSocket[];
  containers: ContainerModel[];
  conflicts: Conflict[];
  events?: PodEvent[];
  restartPolicy?: RestartPolicy;
  shareProcessNamespace?: boolean;
  hostname?: string;
  labels?: Record<string, string>;
  createdAt?: string;
  /** true for pods podlab created; false for pods it only observes (a kubelet's on a CRI node), never acted upon. */
  managed?: boolean;
  /** Ephemeral (debug) containers, as Kubernetes lists them beside containers[]: never restarted, gone with the pod. */
  ephemeralContainers?: EphemeralContainerModel[];
  /** The plain init containers (run to completion before the app containers), newest attempt each. */
  initContainers?: ContainerModel[];
  /** The pod's volumes: name and type (emptyDir, hostPath, configMap…); medium Memory for a tmpfs emptyDir. */
  volumes?: { name: string; type: string; medium?: string; source?: string }[];
  /** hostNetwork: the pod runs in the node's network namespace (its IP is the node's). */
  hostNetwork?: boolean;
  /** The Ready condition: every container running and ready (readinessProbe passed). */
  ready?: boolean;
}

/** An ephemeral container (kubectl debug): joined to the sandbox's net+IPC, and with a target to its PID namespace. */
export interface EphemeralContainerModel {
  name: string;
  id: string;
  image: string;
  state: ContainerState;
  /** The app container whose PID namespace it shares, or null. */
  target: string | null;
  exitCode?: number | null;
  startedAt?: string | null;
  namespaces?: Namespaces;
}

export interface Model {
  engine: EngineInfo;
  host: HostModel;
  pods: PodModel[];
  /** Connection state of the engine side. */
  connection?: 'connected' | 'reconnecting' | 'no-engine';
  /** Containers outside any podlab pod: podlab's `launch --plain` groups and everyone else's (read-only). */
  plainContainers?: PlainContainer[];
  /** The image a debug container runs (`podlab debug`, the UI's Debug button): PODLAB_DEMO_IMAGE, else busybox. */
  debugImage?: string;
}

export const SNAPSHOT_SCHEMA = 'podlab.snapshot/v1' as const;

export interface Snapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  takenAt: string;
  engine: EngineInfo;
  host: HostModel;
  pods: PodModel[];
  podlab?: { version: string };
  /** The Kubernetes v1 Pod manifests podlab launched, by pod name (images as they run, podlab-only keys dropped),
   *  so a snapshot file alone can relaunch or hand-reproduce its pods. */
  manifests?: Record<string, PodManifest>;
  /** Containers outside any pod (see Model.plainContainers). */
  plainContainers?: PlainContainer[];
}

export const DEFAULT_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const DEFAULT_DEMO_IMAGE = 'busybox';

/**
 * A container outside any pod, the plain Docker way: its own netns, veth and IP. podlab's own (`launch --plain`) carry
 * their group; anyone else's have group null and are only observed — podlab never stops, removes or execs into them.
 */
export interface PlainContainer {
  name: string;
  id: string;
  image: string;
  state: ContainerState;
  ip: string | null;
  mac: string | null;
  hostVeth: string | null;
  namespaces: { net: string | null };
  listening: ListeningSocket[];
  /** The `launch --plain` name for podlab's, null for others. */
  group: string | null;
  /** Its name in the group's manifest (podlab's only). */
  container?: string;
  /** The pod this group is the plain twin of: the launched manifest's metadata.name (podlab's only). */
  twin?: string | null;
  /** Docker's network mode: "bridge" or another network's name, "host", "none", "container:<id>". */
  network: string;
  /** The Linux bridge its veth hangs from (docker0, br-…); null when it is not on a bridge network (not drawn there). */
  bridge: string | null;
  pid?: number;
  exitCode?: number | null;
  /** Ports this container publishes on the host itself (plain Docker: each container its own). */
  ports?: PublishedPort[];
}
