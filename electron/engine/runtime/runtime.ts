// The one runtime interface: everything podlab asks of a container runtime, in the pod's vocabulary (sandbox,
// containers, images, events, logs, exec, and the facts the /proc probe starts from). Docker over dockerode is its
// first implementation (./docker/); a CRI runtime (containerd over gRPC) and Podman's Docker API are others. What
// differs between runtimes lives inside an implementation: callers never ask which runtime they have.
//
// How the CRI maps onto it: sandboxes.run = RunPodSandbox (already running when it resolves), sandboxes.status =
// PodSandboxStatus(verbose) (IP, netns path, pid), containers.create/start/stop/remove/status = CreateContainer,
// StartContainer, StopContainer, RemoveContainer, ContainerStatus; containers.list = ListPodSandbox + ListContainers;
// events = GetContainerEvents (or containerd's events, or a relist); logs = the kubelet's log files (ReopenContainerLog);
// exec = ExecSync; hands.exec/runEphemeral = Exec/Attach through the runtime's streaming server (./cri/streaming.ts).
import type { ContainerState, Protocol } from '../../../shared/model';
import type { HandsApi } from './hands';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import type { NodeApi, PlainApi } from './plain';

export type { ContainerState, Protocol };

/** Which family an implementation belongs to: for what the user reads (doctor, the model's engine line), never for branching. */
export type RuntimeKind = 'docker' | 'podman' | 'cri';

export interface RuntimeInfo {
  kind: RuntimeKind;
  /** What was connected to, e.g. "unix:///var/run/docker.sock". */
  endpoint: string;
  /** The runtime's own version, API version and OS ('' when not asked or not told). */
  version: string;
  apiVersion: string;
  os: string;
  /** The product as it names itself ("Docker Engine - Community", "Docker Desktop 4.30.0", "Podman Engine"; '' when not told). */
  platform: string;
}

/** A host port a sandbox publishes (Docker: a port binding; CRI: a port mapping through CNI portmap). */
export interface PortMapping {
  /** The address it binds: '0.0.0.0' in a status when it binds every address; '' in a config for the runtime's default (all). */
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

/** Which pod a sandbox or container belongs to, and which attempt it is (the kubelet's metadata). */
export interface PodRef {
  name: string;
  /** The pod's io.podlab.pod label when it is not `name`: "namespace/name" outside "default" (pods/names.ts podKey). */
  key?: string;
  /** Kubernetes namespace: podlab runs every pod in "default". */
  namespace: string;
  uid: string;
}

/** What a pod's sandbox is made of. The implementation adds podlab's labels for role, pod, uid and attempt. */
export interface SandboxConfig {
  pod: PodRef;
  attempt: number;
  hostname: string;
  /** The pause image (Docker); the CRI runtime uses its own configured sandbox image. */
  image: string;
  ports: PortMapping[];
  /** Further labels to keep on the sandbox (the launch manifest, SandboxChanged time). */
  labels: Record<string, string>;
  /** The pod's own network settings (hostNetwork, dnsConfig, hostAliases, sysctls, subdomain), as the CRI's PodSandboxConfig carries them. */
  kube?: { pod: PodSpec };
}

/** A volume (or host path) mounted into a container. */
export interface VolumeMount {
  type: 'volume' | 'bind';
  /** The runtime's volume name, or the host path of a bind. */
  source: string;
  target: string;
  readOnly: boolean;
  /** A sub-directory of the volume (subPath). */
  subpath?: string;
  /** A bind whose missing source directory the runtime creates (hostPath DirectoryOrCreate). */
  create?: boolean;
}

/**
 * The Kubernetes container settings a runtime applies itself, as the CRI's LinuxContainerConfig carries them:
 * resources, securityContext, mounts, stdin/tty, the grace period, an exec readinessProbe as the runtime's healthcheck.
 */
export interface KubeContainerSettings {
  container: ContainerSpec;
  pod: Partial<PodSpec>;
  mounts: VolumeMount[];
  /** A plain init container (runs to completion before the app containers). */
  init?: boolean;
}

/** What one app container of a pod is made of, joined to the sandbox's network and IPC namespaces. */
export interface ContainerConfig {
  pod: PodRef;
  /** The container's name in the pod (spec.containers[].name). */
  name: string;
  attempt: number;
  sandboxId: string;
  image: string;
  /** Kubernetes command (replaces the image's ENTRYPOINT) and args (replace CMD); null keeps the image's. */
  command: string[] | null;
  args: string[] | null;
  env: { name: string; value: string }[];
  /** Join the sandbox's PID namespace too (shareProcessNamespace). */
  sharePid: boolean;
  workingDir?: string;
  user?: string;
  tty?: boolean;
  /** Further labels (the container's spec, its back-off step). */
  labels: Record<string, string>;
  kube?: KubeContainerSettings;
}

/** A container (sandbox or app) as a listing shows it: cheap, seconds precision. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: ContainerState;
  /** Creation time, epoch seconds. */
  created: number;
  /** Host ports it publishes while it runs. */
  ports: PortMapping[];
  /** The runtime's own status line where its listing has one (Docker: "Up 5 minutes (healthy)", "Exited (1) 2 seconds ago"). */
  statusText?: string;
  /** The container whose network namespace it joined, where the listing tells (Docker: HostConfig.NetworkMode "container:<id>"). */
  joinedNetwork?: string | null;
  /** Its address on its network (the bridge first) while it runs, where the listing tells (Docker), else null. */
  network?: { ip: string; mac: string; gateway: string } | null;
}

/** One container's full status (Docker: inspect; CRI: ContainerStatus). Times are ISO strings, null when never. */
export interface ContainerStatus {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: ContainerState;
  /** Host pid of its main process; 0 when it does not run (or the runtime's pids are not this host's). */
  pid: number;
  exitCode: number;
  oomKilled: boolean;
  /** Why the runtime could not start it ('' when it could), e.g. "Bind for 0.0.0.0:8080 failed: port is already allocated". */
  error: string;
  /** Exact creation time (RFC 3339, nanoseconds as the runtime wrote them: it orders rival launches). */
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Restarts the runtime itself made (podlab's kubelet counts attempts on labels instead). */
  restartCount: number;
  /** The image's entrypoint / arguments as the container runs them. */
  command: string[];
  args: string[];
  env: string[];
  tty: boolean;
  workingDir: string;
  user: string;
  hostname: string;
  /** The sandbox it joined (its network namespace's owner), null for a sandbox or a plain container. */
  joined: { network: string | null; pid: string | null };
  /** The runtime's healthcheck status (healthy, unhealthy, starting) when it runs one: an exec readinessProbe. */
  health?: string;
}

/** A sandbox's status: a container's, plus its network as the runtime set it up. */
export interface SandboxStatus extends ContainerStatus {
  /** The host ports it asked for (whether or not it got them). */
  ports: PortMapping[];
  /** Its address on its network (the bridge first), null while it has none (not running). */
  network: { ip: string; mac: string; gateway: string } | null;
  /** Path of its network namespace when the runtime names one (CRI: /var/run/netns/cni-…); else the probe uses its pid. */
  netnsPath: string | null;
}

/** Filters a listing by label ("key" or "key=value"; all must match) and state. */
export interface ListFilter {
  labels?: string[];
  /** Only running ones (default: all). */
  running?: boolean;
  limit?: number;
}

/** How the runtime's networks look from the host: the bridge(s) pods hang on (Docker: docker0; CNI: cni0). */
export interface BridgeNetwork {
  /** The network's name in the runtime ("bridge"). */
  network: string;
  /** The host interface (docker0, br-…, podman0, cni0). */
  bridge: string;
  subnet: string;
  gateway: string;
}

/** Progress of an image pull, bytes over all layers where the runtime reports them. */
export interface PullUpdate {
  status: string;
  /** 0..1, or null while no totals are known. */
  fraction: number | null;
}

/** An event of the runtime, in podlab's words: a container (sandbox or app) changed, or a network did. */
export type RuntimeEvent = ContainerEvent | NetworkEvent;

interface EventBase {
  /** The container (or network) it is about. */
  id: string;
  /** The container's labels and the runtime's extras (name, image, exitCode, signal). */
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch as a decimal string (exceeds 2^53). */
  timeNano: string;
  /** ISO time, millisecond precision. */
  at: string;
  /** How it reached podlab where the runtime has several ways: an event stream, or a periodic relist (CRI). */
  source?: 'events' | 'relist';
}

export interface ContainerEvent extends EventBase {
  type: 'container';
  /** create, start, die, kill, oom, stop, destroy, pause, unpause, restart, exec_create…: the runtime's verb. */
  action: string;
}

export interface NetworkEvent extends EventBase {
  type: 'network';
  /** connect, disconnect…; attributes.container names the container. */
  action: string;
}

/** What an event subscription wants. */
export interface EventFilter {
  type: 'container' | 'network';
  /** Only events of podlab's containers (optionally of one pod). */
  pod?: string | true;
  actions?: string[];
}

/** A live subscription that survives the runtime's restarts: `down` when lost, `up` after it resubscribed (resync then). */
export interface EventSubscription {
  on(ev: 'event', f: (e: RuntimeEvent) => void): this;
  on(ev: 'down', f: (why: string) => void): this;
  on(ev: 'up', f: () => void): this;
  /** Resolves once subscribed (true), or false when the first attempt failed (it keeps retrying with back-off). */
  start(): Promise<boolean>;
  stop(): void;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** When it was written (RFC 3339), where the log keeps it (the CRI's log files). */
  time?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The pod's sandbox: it holds the pod's namespaces, hostname and published ports. */
export interface SandboxApi {
  /**
   * Makes the sandbox and starts it. Resolves once it exists; `started` settles when it runs or with why it could
   * not (a taken hostPort leaves it created: the pod is Pending). Docker creates app containers meanwhile; a CRI
   * runtime resolves only once it runs.
   */
  run(config: SandboxConfig): Promise<{ id: string; started: Promise<void> }>;
  /**
   * Starts a sandbox that could not run before (a Pending pod whose hostPort is free again). Resolves to the id it runs
   * under: the same on Docker; a CRI runtime replaces its Pending record by a new sandbox.
   */
  start(id: string): Promise<string>;
  /** SIGKILL without grace (the lab's "kill sandbox"). */
  kill(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** null when it is gone. */
  status(id: string): Promise<SandboxStatus | null>;
  /**
   * The image the runtime makes sandboxes from itself (a CRI runtime's configured sandbox image; '' when it does not
   * say). Absent where the caller names the image (Docker: PODLAB_PAUSE_IMAGE), which the launch then checks and pulls.
   */
  ownImage?(): Promise<string>;
}

export interface ContainerApi {
  create(config: ContainerConfig): Promise<string>;
  start(id: string): Promise<void>;
  /** Stops with a grace period; resolves quietly when it was stopped already. */
  stop(id: string, graceSeconds: number): Promise<void>;
  restart(id: string, graceSeconds: number): Promise<void>;
  /** Force-removes it (and its anonymous volumes); resolves quietly when it is gone already. */
  remove(id: string): Promise<void>;
  /** null when it is gone. */
  status(id: string): Promise<ContainerStatus | null>;
  /** Sandboxes and app containers alike (podlab's guard, pods/guard.ts, narrows to podlab's own). */
  list(filter?: ListFilter): Promise<ContainerSummary[]>;
}

export interface ImageApi {
  present(image: string): Promise<boolean>;
  /** Pulls an image, reporting progress; throws with the runtime's reason. */
  pull(image: string, onProgress?: (u: PullUpdate) => void): Promise<void>;
}

export interface EventApi {
  /** A live subscription (one reconnect back-off for every runtime: ./events.ts). */
  subscribe(filter: EventFilter): EventSubscription;
  /** The events the runtime still remembers between two times (epoch seconds); [] where it keeps none. */
  replay(filter: EventFilter, since: number, until: number): Promise<RuntimeEvent[]>;
}

export interface LogApi {
  /** The last `lines` lines of stdout and stderr, interleaved as written; [] when there is no log. */
  tail(id: string, lines: number): Promise<LogLine[]>;
  /** New lines as they come; resolves to the function that stops following. */
  follow(id: string, onLine: (l: LogLine) => void): Promise<() => void>;
}

/** A pod's volumes on the runtime: pod-level objects that outlive container restarts and go with the pod. */
export interface VolumeApi {
  /** `tmpfsBytes`: a memory-backed volume (emptyDir medium Memory), 0 for the kernel's default size. */
  create(name: string, labels: Record<string, string>, tmpfsBytes?: number): Promise<void>;
  /** Writes a tar archive whose top directories are the keys of `volumes` (→ runtime volume names). */
  write(volumes: Map<string, string>, archive: Buffer, helperImage: string, labels: Record<string, string>): Promise<void>;
  /** One file of a volume as text, null when it is missing. */
  readFile(volume: string, path: string, helperImage: string, labels: Record<string, string>): Promise<string | null>;
  remove(name: string): Promise<void>;
  /** Volumes carrying label `label` ("key=value"). */
  list(label: string): Promise<{ name: string; labels: Record<string, string> }[]>;
  /** Where the volume's data lives on the host, when the runtime says (a subPath bind for runtimes without volume sub-paths). */
  hostPath(name: string): Promise<string | null>;
  /** True when the runtime mounts a volume's sub-directory itself. */
  subpaths: boolean;
}

export interface Runtime {
  readonly info: RuntimeInfo;
  /** Pod volumes, where the runtime has them (Docker, Podman); absent where a pod's volumes cannot be made. */
  readonly volumes?: VolumeApi;
  readonly sandboxes: SandboxApi;
  readonly containers: ContainerApi;
  readonly images: ImageApi;
  readonly events: EventApi;
  readonly logs: LogApi;
  /** Runs a command in a running container and collects its output (ExecSync). */
  exec(id: string, argv: string[], opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /** The bridges pods are attached to, for the host part of the model. */
  bridges(): Promise<BridgeNetwork[]>;
  /**
   * Runs a short-lived helper (the probe's, where /proc of the runtime's processes is not readable here): host pid
   * and network namespaces, read-only. Resolves to its output; the helper is removed whatever happens.
   */
  runHelper(spec: { image: string; script: string; env: Record<string, string> }): Promise<ExecResult>;
  /** Exec, ephemeral containers and raw logs (podlab exec/debug/logs, the app's terminals), each where the runtime allows. */
  readonly hands?: HandsApi;
  /** Containers outside any sandbox, Docker's way (./plain.ts); absent where the runtime has none (CRI). */
  readonly plain?: PlainApi;
  /** The runtime's own listing in its own words, for the node's view (./plain.ts). */
  readonly node?: NodeApi;
}

/** An error the runtime answered with: the caller can tell "gone" and "conflict" apart without knowing the runtime. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
  constructor(
    message: string,
    /** What kind of refusal it was. */
    readonly code: 'not-found' | 'conflict' | 'not-modified' | 'invalid' | 'unavailable' | 'other',
    options?: { cause?: unknown; errno?: string },
  ) {
    super(message, options);
    this.errno = options?.errno ?? '';
  }
  /** The socket's error code when the runtime could not be reached at all (ECONNREFUSED, EACCES…), else ''. */
  readonly errno: string;
}
