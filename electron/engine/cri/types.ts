// The CRI runtime.v1 messages podlab sends and reads, as @grpc/proto-loader decodes them (camelCase fields, enums as
// their names, int64 as decimal strings since nanosecond times exceed 2^53, every field present with its default).
// A subset of vendor/k8s.io/cri-api/pkg/apis/runtime/v1/api.proto: only what podlab uses.

export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type SandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
export type ContainerEventType = 'CONTAINER_CREATED_EVENT' | 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT' | 'CONTAINER_DELETED_EVENT';
export type Labels = Record<string, string>;

export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface RuntimeCondition {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}

export interface StatusResponse {
  status: { conditions: RuntimeCondition[] } | null;
  /** With verbose: containerd puts its CRI config ("config", JSON) and CNI state ("cniconfig", "lastCNILoadStatus") here. */
  info: Record<string, string>;
}

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface PortMapping {
  protocol: Protocol;
  containerPort: number;
  hostPort: number;
  hostIp: string;
}

export interface NamespaceOption {
  network: NamespaceMode;
  pid: NamespaceMode;
  ipc: NamespaceMode;
  targetId?: string;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname: string;
  logDirectory: string;
  portMappings: PortMapping[];
  labels: Labels;
  annotations: Labels;
  linux: {
    cgroupParent?: string;
    securityContext: { namespaceOptions: NamespaceOption; privileged?: boolean };
    sysctls?: Labels;
  };
  dnsConfig?: { servers: string[]; searches: string[]; options: string[] };
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: SandboxState;
  createdAt: string;
  labels: Labels;
  annotations: Labels;
  runtimeHandler: string;
}

export interface PodSandboxStatus extends PodSandbox {
  network: { ip: string; additionalIps: { ip: string }[] } | null;
  linux: { namespaces: { options: NamespaceOption | null } | null } | null;
}

export interface PodSandboxStatusResponse {
  status: PodSandboxStatus | null;
  /** With verbose: containerd's "info" key holds JSON (pid, netns path, CNI result…), read by ./verbose.ts. */
  info: Record<string, string>;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface ContainerConfig {
  metadata: { name: string; attempt: number };
  image: { image: string };
  command: string[];
  args: string[];
  workingDir: string;
  envs: KeyValue[];
  labels: Labels;
  annotations: Labels;
  logPath: string;
  stdin?: boolean;
  tty?: boolean;
  linux: {
    securityContext: { namespaceOptions: NamespaceOption; runAsUser?: { value: string } | null; privileged?: boolean };
  };
  mounts?: Mount[];
}

/** A host path bind-mounted into a container (the kubelet's volumes, and the pod's etc-hosts file). */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  selinuxRelabel?: boolean;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: { name: string; attempt: number };
  image: { image: string };
  imageRef: string;
  state: ContainerState;
  createdAt: string;
  labels: Labels;
  annotations: Labels;
}

export interface ContainerStatus {
  id: string;
  metadata: { name: string; attempt: number };
  state: ContainerState;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  image: { image: string };
  imageRef: string;
  reason: string;
  message: string;
  labels: Labels;
  annotations: Labels;
  logPath: string;
}

export interface ContainerStatusResponse {
  status: ContainerStatus | null;
  /** With verbose: containerd's "info" key holds JSON (sandboxID, pid, runtimeSpec…). */
  info: Record<string, string>;
}

export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export interface ContainerEvent {
  containerId: string;
  containerEventType: ContainerEventType;
  createdAt: string;
  podSandboxStatus: PodSandboxStatus | null;
  containersStatuses: ContainerStatus[];
}

export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: string;
}

export interface SandboxFilter {
  id?: string;
  state?: { state: SandboxState };
  labelSelector?: Labels;
}

export interface ContainerFilter {
  id?: string;
  state?: { state: ContainerState };
  podSandboxId?: string;
  labelSelector?: Labels;
}

/** containerd's event envelope (events.v1.Envelope); the payload stays packed: podlab reads only namespace and topic. */
export interface ContainerdEnvelope {
  timestamp: { seconds: string; nanos: number } | null;
  namespace: string;
  topic: string;
}
