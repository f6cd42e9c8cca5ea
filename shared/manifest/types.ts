// The subset of a Kubernetes v1 Pod manifest that podlab supports (docs/pods.md, "Manifests").
import type { Protocol, RestartPolicy } from '../kube';

export interface ContainerPortSpec {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: Protocol;
  name?: string;
  /** Informational for Services and meshes; kept for export. */
  appProtocol?: string;
}

export interface EnvVarSpec {
  name: string;
  /** The literal value ('' when the value comes from `valueFrom`). */
  value: string;
  valueFrom?: EnvVarSource;
}

/** Where a variable's value comes from, resolved when the container is created (env.ts). */
export type EnvVarSource =
  | { fieldRef: { fieldPath: string; apiVersion?: string } }
  | { resourceFieldRef: ResourceFieldRef }
  | { configMapKeyRef: KeyRef }
  | { secretKeyRef: KeyRef }
  | { fileKeyRef: { volumeName: string; path: string; key: string; optional?: boolean } };

export interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface ResourceFieldRef {
  containerName?: string;
  resource: string;
  divisor?: string;
}

export interface EnvFromSpec {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface VolumeMountSpec {
  name: string;
  mountPath: string;
  subPath?: string;
  subPathExpr?: string;
  readOnly?: boolean;
  /** Kept for export; podlab's mounts are private (rprivate), as the kubelet's default None. */
  mountPropagation?: string;
}

/** Kubernetes quantities as written ("250m", "64Mi"), by resource name. */
export interface ResourcesSpec {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

export interface SecurityContextSpec {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: 'RuntimeDefault' | 'Unconfined' | 'Localhost'; localhostProfile?: string };
  appArmorProfile?: { type: 'RuntimeDefault' | 'Unconfined' | 'Localhost'; localhostProfile?: string };
  /** Pod level only. */
  fsGroup?: number;
  supplementalGroups?: number[];
  sysctls?: { name: string; value: string }[];
  /** Fields podlab accepts with a warning, kept verbatim for export (seLinuxOptions, windowsOptions…). */
  other?: Record<string, unknown>;
}

export type ProbeHandler =
  | { exec: { command: string[] } }
  | { httpGet: { path?: string; port: number | string; host?: string; scheme?: 'HTTP' | 'HTTPS'; httpHeaders?: { name: string; value: string }[] } }
  | { tcpSocket: { port: number | string; host?: string } }
  | { grpc: { port: number; service?: string } };

export type ProbeSpec = ProbeHandler & {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
};

export type LifecycleHandler = { exec: { command: string[] } } | { httpGet: { path?: string; port: number | string; host?: string } } | { sleep: { seconds: number } };

export interface ContainerExtras {
  /** Init containers only: "Always" makes it a native sidecar (starts in order, keeps running, is restarted). */
  restartPolicy?: 'Always';
  envFrom?: EnvFromSpec[];
  volumeMounts?: VolumeMountSpec[];
  resources?: ResourcesSpec;
  securityContext?: SecurityContextSpec;
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  lifecycle?: { postStart?: LifecycleHandler; preStop?: LifecycleHandler };
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  workingDir?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  /** Accepted with a warning and written back on export (resizePolicy…). */
  other?: Record<string, unknown>;
}

export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface DownwardAPIFile {
  path: string;
  fieldRef?: { fieldPath: string };
  resourceFieldRef?: ResourceFieldRef;
  mode?: number;
}

export interface ProjectionSource {
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items: DownwardAPIFile[] };
  /** Cluster-issued credentials: accepted with a warning, no file is written (no API server signs them here). */
  serviceAccountToken?: Record<string, unknown>;
  clusterTrustBundle?: Record<string, unknown>;
  podCertificate?: Record<string, unknown>;
}

export interface VolumeSpec {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string; mode?: number };
  hostPath?: { path: string; type?: string };
  configMap?: { name: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  secret?: { secretName: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  downwardAPI?: { items: DownwardAPIFile[]; defaultMode?: number };
  projected?: { sources: ProjectionSource[]; defaultMode?: number };
}

export interface PodExtras {
  namespace?: string;
  /** The generateName prefix the name was made from (kubectl create's way). */
  generateName?: string;
  initContainers?: ContainerSpec[];
  volumes?: VolumeSpec[];
  securityContext?: SecurityContextSpec;
  resources?: ResourcesSpec;
  hostNetwork?: boolean;
  dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
  hostAliases?: { ip: string; hostnames: string[] }[];
  subdomain?: string;
  enableServiceLinks?: boolean;
  terminationGracePeriodSeconds?: number;
  /** Scheduling and cluster-only fields (nodeSelector, affinity…): accepted with a warning, kept verbatim for export. */
  cluster?: Record<string, unknown>;
}

export interface ContainerSpec extends ContainerExtras {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVarSpec[];
  ports: ContainerPortSpec[];
}

export interface PodSpec extends PodExtras {
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  restartPolicy: RestartPolicy;
  shareProcessNamespace: boolean;
  hostname?: string;
  containers: ContainerSpec[];
}

/** A validation finding; `path` is the Kubernetes-style field path (spec.containers[1].ports[0]). */
export interface ManifestIssue {
  path: string;
  message: string;
}

/** A ConfigMap or Secret document of the manifest file: its data as text by key (a Secret's base64 decoded). */
export interface ConfigObject {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace?: string;
  data: Record<string, string>;
}

export type ParseResult =
  | { ok: true; pod: PodSpec; warnings: string[]; objects?: ConfigObject[] }
  | { ok: false; errors: ManifestIssue[]; warnings: string[] };
