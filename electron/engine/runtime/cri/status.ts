// CRI statuses and listings in the runtime's vocabulary (ContainerStatus, SandboxStatus, ContainerSummary), with the
// facts only the verbose answers hold (pids, netns path, argv, CNI result). Names follow cri-dockerd's k8s_… form so
// the node view reads the same on both runtimes.
import type * as cri from '../../cri/types';
import { podInterface, readContainerInfo, readSandboxInfo } from '../../cri/verbose';
import type { ContainerState, ContainerStatus, ContainerSummary, PortMapping, SandboxStatus } from '../runtime';
import { K8S_POD_NAME, K8S_POD_NAMESPACE, K8S_POD_UID } from './config';
import { pendingPorts, pendingRecord } from './pending';

/** Nanoseconds since the epoch (decimal string) → RFC 3339 with all nine digits; null for 0 (never). */
export function criTime(nanos: string): string | null {
  if (!/^\d+$/.test(nanos) || /^0+$/.test(nanos)) return null;
  const n = BigInt(nanos);
  const seconds = new Date(Number(n / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(n % 1_000_000_000n).padStart(9, '0')}Z`;
}

export function containerState(s: cri.ContainerState): ContainerState {
  return s === 'CONTAINER_RUNNING' ? 'running' : s === 'CONTAINER_CREATED' ? 'created' : s === 'CONTAINER_EXITED' ? 'exited' : 'dead';
}

export function sandboxState(s: cri.SandboxState): ContainerState {
  return s === 'SANDBOX_READY' ? 'running' : 'exited';
}

/** k8s_POD_<pod>_<ns>_<uid>_<attempt>, as cri-dockerd names a sandbox. */
export function sandboxName(m: cri.PodSandboxMetadata): string {
  return `k8s_POD_${m.name}_${m.namespace}_${m.uid}_${m.attempt}`;
}

/** k8s_<container>_<pod>_<ns>_<uid>_<attempt> when the labels say which pod (the kubelet's and podlab's do). */
export function containerName(meta: { name: string; attempt: number }, labels: cri.Labels): string {
  const pod = labels[K8S_POD_NAME];
  return pod ? `k8s_${meta.name}_${pod}_${labels[K8S_POD_NAMESPACE] ?? 'default'}_${labels[K8S_POD_UID] ?? ''}_${meta.attempt}` : meta.name;
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function verboseJson(info: Record<string, string>): Record<string, unknown> {
  try {
    return record(JSON.parse(info.info ?? '{}'));
  } catch {
    return {};
  }
}

/** The sandbox's port mappings from the config containerd echoes (snake_case, zero values left out: TCP is 0). */
export function configPorts(info: Record<string, string>): PortMapping[] {
  const mappings = record(verboseJson(info).config).port_mappings;
  if (!Array.isArray(mappings)) return [];
  return mappings.map((raw) => {
    const m = record(raw);
    const containerPort = Number(m.container_port ?? 0);
    return {
      hostIp: typeof m.host_ip === 'string' && m.host_ip ? m.host_ip : '0.0.0.0',
      hostPort: Number(m.host_port ?? containerPort),
      containerPort,
      protocol: m.protocol === 1 || m.protocol === 'UDP' ? 'udp' : 'tcp',
    };
  });
}

/** The sandbox's log directory from the echoed config ('' when the runtime does not say). */
export function configLogDirectory(info: Record<string, string>): string {
  const dir = record(verboseJson(info).config).log_directory;
  return typeof dir === 'string' ? dir : '';
}

/** The sandbox id of a namespace path /proc/<pid>/ns/x when that pid is the sandbox's, else null. */
function joinedVia(spec: Record<string, unknown>, type: string, sandboxId: string | null, sandboxPid: number | null): string | null {
  const list = record(spec.linux).namespaces;
  if (!Array.isArray(list) || !sandboxId) return null;
  const ns = list.map(record).find((n) => n.type === type);
  if (!ns || typeof ns.path !== 'string' || !ns.path) return null;
  return sandboxPid === null || ns.path === `/proc/${sandboxPid}/ns/${type === 'network' ? 'net' : type}` || ns.path.startsWith('/var/run/netns/') ? sandboxId : null;
}

export function criContainerStatus(res: cri.ContainerStatusResponse, sandboxPid: number | null = null): ContainerStatus | null {
  const s = res.status;
  if (!s) return null;
  const info = readContainerInfo(res.info);
  const j = verboseJson(res.info);
  const spec = record(j.runtimeSpec);
  const process = record(spec.process);
  const config = record(j.config);
  const user = record(process.user);
  const env = strings(process.env);
  const state = containerState(s.state);
  const command = strings(config.command);
  const args = strings(config.args);
  return {
    id: s.id,
    name: containerName(s.metadata, s.labels),
    image: s.image.image,
    labels: s.labels,
    state,
    pid: state === 'running' ? (info.pid ?? 0) : 0,
    exitCode: s.exitCode,
    oomKilled: s.reason === 'OOMKilled',
    // A start that failed leaves the runtime's words in message (reason "StartError" on newer containerd).
    error: state !== 'running' && s.message && s.reason !== 'Completed' ? s.message : '',
    createdAt: criTime(s.createdAt) ?? new Date(0).toISOString(),
    startedAt: criTime(s.startedAt),
    finishedAt: criTime(s.finishedAt),
    restartCount: 0,
    // The CRI echoes command and args apart; a runtime that does not gets its whole argv as the command.
    command: command.length || args.length ? command : strings(process.args),
    args,
    env,
    tty: process.terminal === true,
    workingDir: typeof process.cwd === 'string' ? process.cwd : '',
    user: typeof user.uid === 'number' ? `${user.uid}${typeof user.gid === 'number' ? `:${user.gid}` : ''}` : '',
    hostname: env.find((e) => e.startsWith('HOSTNAME='))?.slice('HOSTNAME='.length) ?? '',
    joined: { network: joinedVia(spec, 'network', info.sandboxId, sandboxPid), pid: joinedVia(spec, 'pid', info.sandboxId, sandboxPid) },
  };
}

export function criSandboxStatus(res: cri.PodSandboxStatusResponse): SandboxStatus | null {
  const s = res.status;
  if (!s) return null;
  const info = readSandboxInfo(res.info);
  const spec = record(verboseJson(res.info).runtimeSpec);
  const process = record(spec.process);
  const state = sandboxState(s.state);
  const eth0 = podInterface(info.cniInterfaces);
  const ip = s.network?.ip || eth0?.ip || '';
  const status: SandboxStatus = {
    id: s.id,
    name: sandboxName(s.metadata),
    image: info.image ?? '',
    labels: s.labels,
    state,
    pid: state === 'running' ? (info.pid ?? 0) : 0,
    exitCode: 0,
    oomKilled: false,
    error: '',
    createdAt: criTime(s.createdAt) ?? new Date(0).toISOString(),
    startedAt: criTime(s.createdAt),
    finishedAt: null,
    restartCount: 0,
    command: strings(process.args),
    args: [],
    env: strings(process.env),
    tty: false,
    workingDir: typeof process.cwd === 'string' ? process.cwd : '/',
    user: '',
    hostname: typeof spec.hostname === 'string' ? spec.hostname : '',
    joined: { network: null, pid: null },
    ports: configPorts(res.info),
    network: state === 'running' && ip ? { ip, mac: eth0?.mac ?? '', gateway: eth0?.gateway ?? '' } : null,
    netnsPath: info.netnsClosed ? null : info.netnsPath,
  };
  // A Pending pod's record reads as Docker's never-started sandbox: created, the reason, the hostPorts it waits for.
  const pending = pendingRecord(s.labels);
  if (!pending) return status;
  return { ...status, labels: pending.config.labels, state: 'created', error: pending.reason, startedAt: null, pid: 0, ports: pendingPorts(pending.config), network: null, netnsPath: null };
}

export function sandboxSummary(s: cri.PodSandbox, ports: PortMapping[]): ContainerSummary {
  const pending = pendingRecord(s.labels);
  return {
    id: s.id,
    name: sandboxName(s.metadata),
    image: '',
    labels: pending?.config.labels ?? s.labels,
    state: pending ? 'created' : sandboxState(s.state),
    created: Number(BigInt(s.createdAt || '0') / 1_000_000_000n),
    ports: s.state === 'SANDBOX_READY' ? ports : [],
  };
}

export function containerSummary(c: cri.Container): ContainerSummary {
  return {
    id: c.id,
    name: containerName(c.metadata, c.labels),
    image: c.image.image,
    labels: c.labels,
    state: containerState(c.state),
    created: Number(BigInt(c.createdAt || '0') / 1_000_000_000n),
    ports: [],
  };
}
