// The CRI requests for a pod's sandbox and app containers, built as the kubelet builds them: pod metadata, hostname,
// port mappings for hostPorts, the log directory /var/log/pods/<ns>_<pod>_<uid>, namespace options (network POD, IPC
// POD, PID CONTAINER — or POD with shareProcessNamespace; network NODE for hostNetwork), DNS and sysctls
// (./pod-network.ts), and kubelet's own labels beside podlab's marks.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as cri from '../../cri/types';
import type { ContainerConfig, PodRef, SandboxConfig } from '../runtime';
import { podDnsConfig, podSysctls } from './pod-network';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_POD, LABEL_ROLE, LABEL_UID } from '../vocabulary';

/** The kubelet's labels (pkg/kubelet/types/labels.go): crictl and kubectl-debug recognise pods by them. */
export const K8S_POD_NAME = 'io.kubernetes.pod.name';
export const K8S_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const K8S_POD_UID = 'io.kubernetes.pod.uid';
export const K8S_CONTAINER_NAME = 'io.kubernetes.container.name';

/** Where the kubelet keeps pod logs; PODLAB_CRI_LOG_ROOT moves podlab's (tests keep theirs in a temp dir). */
export function logRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.PODLAB_CRI_LOG_ROOT || '/var/log/pods';
}

export function podLogDirectory(cfg: SandboxConfig, env: NodeJS.ProcessEnv = process.env): string {
  return join(logRoot(env), `${cfg.pod.namespace}_${cfg.pod.name}_${cfg.pod.uid}`);
}

/** The kubelet's labels and podlab's marks (role, pod, uid, attempt; the container's name for an app container). */
function marks(pod: PodRef, attempt: number, container: string | null): cri.Labels {
  const labels: cri.Labels = { [K8S_POD_NAME]: pod.name, [K8S_POD_NAMESPACE]: pod.namespace, [K8S_POD_UID]: pod.uid };
  if (container !== null) labels[K8S_CONTAINER_NAME] = container;
  Object.assign(labels, { [LABEL_POD]: pod.name, [LABEL_ROLE]: container === null ? 'sandbox' : 'app', [LABEL_UID]: pod.uid, [LABEL_ATTEMPT]: String(attempt) });
  if (container !== null) labels[LABEL_CONTAINER] = container;
  return labels;
}

function namespaces(sharePid: boolean, hostNetwork = false): cri.NamespaceOption {
  return { network: hostNetwork ? 'NODE' : 'POD', ipc: 'POD', pid: sharePid ? 'POD' : 'CONTAINER' };
}

function ownLabels(labels: Record<string, string> | undefined): cri.Labels {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !k.startsWith('io.podlab.')));
}

/** RunPodSandbox's config. `sharePid`: any container of the pod shares the process namespace (the pod-level setting). */
export function podSandboxConfig(cfg: SandboxConfig, sharePid: boolean, env: NodeJS.ProcessEnv = process.env): cri.PodSandboxConfig {
  const { pod } = cfg;
  const spec = cfg.kube?.pod;
  const hostNetwork = spec?.hostNetwork === true;
  const dnsConfig = spec ? podDnsConfig(spec) : undefined;
  const sysctls = spec ? podSysctls(spec) : undefined;
  const logDirectory = podLogDirectory(cfg, env);
  // containerd writes each container's log below this directory but does not make it (the kubelet does).
  mkdirSync(logDirectory, { recursive: true, mode: 0o755 });
  return {
    metadata: { name: pod.name, uid: pod.uid, namespace: pod.namespace, attempt: cfg.attempt },
    // As the kubelet: a hostNetwork pod has the node's hostname, and no CNI to publish port mappings with.
    hostname: hostNetwork ? '' : cfg.hostname,
    logDirectory,
    portMappings: (hostNetwork ? [] : cfg.ports).map((p) => ({
      protocol: p.protocol === 'udp' ? 'UDP' : 'TCP',
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      hostIp: p.hostIp === '0.0.0.0' ? '' : p.hostIp,
    })),
    // As the kubelet does: the pod's own labels beside its io.kubernetes.* ones, and its annotations. A manifest's
    // io.podlab.* label never reaches the runtime (podlab's marks are podlab's alone).
    labels: { ...ownLabels(cfg.kube?.pod.labels), ...marks(pod, cfg.attempt, null), ...cfg.labels },
    annotations: { ...(cfg.kube?.pod.annotations ?? {}) },
    linux: { securityContext: { namespaceOptions: namespaces(sharePid, hostNetwork) }, ...(sysctls ? { sysctls } : {}) },
    ...(dnsConfig ? { dnsConfig } : {}),
  };
}

/** "1000", "1000:1000" → a numeric runAsUser (a user name stays the image's business: CRI has runAsUsername). */
function runAsUser(user: string | undefined): { value: string } | null {
  const uid = user?.split(':')[0];
  return uid && /^\d+$/.test(uid) ? { value: uid } : null;
}

/** CreateContainer's config: log file <container>/<attempt>.log under the pod's log directory, like the kubelet's. */
export function criContainerConfig(cfg: ContainerConfig): cri.ContainerConfig {
  const { pod } = cfg;
  return {
    metadata: { name: cfg.name, attempt: cfg.attempt },
    image: { image: cfg.image },
    // Kubernetes semantics are the CRI's own: command replaces ENTRYPOINT (dropping CMD), args replace CMD.
    command: cfg.command ?? [],
    args: cfg.args ?? [],
    workingDir: cfg.workingDir ?? '',
    envs: cfg.env.map((e) => ({ key: e.name, value: e.value })),
    labels: { ...marks(pod, cfg.attempt, cfg.name), ...cfg.labels },
    annotations: {},
    logPath: `${cfg.name}/${cfg.attempt}.log`,
    tty: !!cfg.tty,
    linux: { securityContext: { namespaceOptions: namespaces(cfg.sharePid, cfg.kube?.pod.hostNetwork === true), runAsUser: runAsUser(cfg.user) } },
  };
}
