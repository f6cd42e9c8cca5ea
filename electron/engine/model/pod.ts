// One pod of the model from its inspected containers and the probe's kernel facts.
import type { ContainerInspectInfo } from 'dockerode';
import type { ContainerModel, ContainerState, ListeningSocket, NetInterface, PodModel, PublishedPort, SandboxInfo } from '../../../shared/model';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_UID } from '../../../shared/model';
import { podPhase } from '../../../shared/phase';
import { initPhase } from '../../../shared/pod-init';
import { describeSpec, readyOf } from './pod-spec';
import {
  ipv4AddressesByInterface,
  isListening,
  nsInode,
  parseFibTrieLocal,
  parseIfInet6,
  parseRoutes,
  parseSocketTable,
  type SocketFamily,
} from '../../../shared/procnet';
import type { RawPod } from '../pods/discover';
import type { NetnsFacts, ProbeFacts } from '../probe/types';

/** The name cri-dockerd gives the sandbox's "container" in a pod. */
export const SANDBOX_CONTAINER = 'POD';

function time(t: string | undefined): string | null {
  return !t || t.startsWith('0001-01-01') ? null : t;
}

/**
 * A Kubernetes-style reason from Docker's state; detectConflicts may replace it with a sharper one. A container left
 * `created` with an engine error (State.Error) was created but could not start: the kubelet's RunContainerError.
 */
export function reasonOf(state: ContainerState, exitCode: number | null, oom = false, engineError = ''): string | null {
  if (state === 'created') return engineError ? 'RunContainerError' : 'ContainerCreating';
  if (state === 'exited' || state === 'dead') return oom ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  return null;
}

export function containerModel(c: ContainerInspectInfo, facts: ProbeFacts): ContainerModel {
  const state = c.State.Status as ContainerState;
  const exitCode = state === 'exited' || state === 'dead' ? c.State.ExitCode : null;
  const attempt = Number(c.Config.Labels[LABEL_ATTEMPT] ?? 0) || 0;
  return {
    name: c.Config.Labels[LABEL_CONTAINER] ?? c.Name.replace(/^\//, ''),
    id: c.Id,
    image: c.Config.Image,
    state,
    exitCode,
    restartCount: Math.max(c.RestartCount ?? 0, attempt),
    reason: reasonOf(state, exitCode, c.State.OOMKilled, c.State.Error),
    namespaces: { net: c.State.Pid > 0 ? (facts.nsNet.get(c.State.Pid) ?? null) : null },
    pid: c.State.Pid > 0 ? c.State.Pid : undefined,
    startedAt: time(c.State.StartedAt),
    finishedAt: state === 'running' ? null : time(c.State.FinishedAt),
    message: c.State.Error || null,
  };
}

function sandboxInfo(s: ContainerInspectInfo): SandboxInfo {
  return {
    id: s.Id,
    name: s.Name.replace(/^\//, ''),
    image: s.Config.Image,
    state: s.State.Status as ContainerState,
    pid: s.State.Pid,
    attempt: Number(s.Config.Labels[LABEL_ATTEMPT] ?? 0) || 0,
  };
}

export function publishedPorts(s: ContainerInspectInfo): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, binds] of Object.entries(s.HostConfig.PortBindings ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of (binds as { HostIp?: string; HostPort?: string }[] | null) ?? []) {
      out.push({ hostIp: b.HostIp || '0.0.0.0', hostPort: Number(b.HostPort || port), containerPort: Number(port), protocol: proto === 'udp' ? 'udp' : 'tcp' });
    }
  }
  return out.sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
}

function interfaces(ns: NetnsFacts): NetInterface[] {
  const v4 = ipv4AddressesByInterface(parseFibTrieLocal(ns.files.fib_trie ?? ''), parseRoutes(ns.files.route ?? ''));
  const v6 = parseIfInet6(ns.files.if_inet6 ?? '');
  return ns.ifaces.map((i) => ({
    name: i.name,
    ifindex: i.ifindex,
    peerIfindex: i.iflink !== i.ifindex ? i.iflink : null,
    mtu: i.mtu,
    mac: i.mac,
    addresses: [...(v4[i.name] ?? []), ...(v6[i.name] ?? [])],
    state: i.operstate,
  }));
}

/** Listening sockets from the kernel's tables, each owned by the pod process that holds its inode. */
export function listeningSockets(ns: NetnsFacts, facts: ProbeFacts, names: Map<string, string>): ListeningSocket[] {
  const owner = new Map<number, { pid: number; comm: string; containerId: string }>();
  for (const p of facts.procs) for (const inode of p.sockets) if (!owner.has(inode)) owner.set(inode, p);
  const out: ListeningSocket[] = [];
  for (const fam of ['tcp', 'tcp6', 'udp', 'udp6'] as SocketFamily[]) {
    for (const e of parseSocketTable(ns.files[fam] ?? '', fam).filter(isListening)) {
      const o = owner.get(e.inode);
      out.push({
        protocol: fam,
        address: e.localAddress,
        port: e.localPort,
        container: o ? (names.get(o.containerId) ?? null) : null,
        pid: o?.pid ?? null,
        process: o?.comm ?? null,
        inode: e.inode,
      });
    }
  }
  return out.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

export function assemblePod(raw: RawPod, facts: ProbeFacts): PodModel {
  const s = raw.sandbox;
  const containers = raw.apps.map((a) => containerModel(a, facts));
  const declared = new Map((raw.spec?.containers ?? []).map((c) => [c.name, c.ports]));
  for (const c of containers) {
    const ports = declared.get(c.name);
    if (ports) c.ports = ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) }));
  }
  const ns = s && s.State.Running ? facts.netns.get(s.State.Pid) : undefined;
  const net = Object.entries(s?.NetworkSettings?.Networks ?? {}).sort(([a], [b]) => (a === 'bridge' ? -1 : b === 'bridge' ? 1 : 0))[0]?.[1];
  const ifs = ns ? interfaces(ns) : [];
  const eth0 = ifs.find((i) => i.name === 'eth0');
  const hostVeth = eth0?.peerIfindex != null ? (facts.hostIfaces.find((h) => h.ifindex === eth0.peerIfindex)?.name ?? null) : null;
  const names = new Map<string, string>(raw.apps.map((a, i) => [a.Id, containers[i].name]));
  if (s) names.set(s.Id, SANDBOX_CONTAINER);
  const restartPolicy = raw.spec?.restartPolicy ?? 'Always';
  const initContainers = (raw.inits ?? []).map((i) => containerModel(i, facts));
  const described = describeSpec(raw, containers, initContainers);
  const init = initPhase({ declared: described.declaredInits, inits: initContainers, containers, restartPolicy });
  const { phase, reason } = init ?? podPhase({ sandbox: s ? { state: s.State.Status as ContainerState } : null, containers: containers.filter((c) => !c.sidecar), restartPolicy });
  const inode = nsInode(ns?.links.net);
  for (const c of containers) {
    // After a sandbox restart the joined containers stay in the old netns (only lo): say so, as the kubelet would.
    if (ns?.links.net && c.namespaces.net && c.namespaces.net !== ns.links.net) {
      c.message = `stranded in ${c.namespaces.net}, not the pod's ${ns.links.net}: the sandbox was restarted (SandboxChanged)`;
    }
  }
  return {
    ...described.pod,
    ready: readyOf(phase, containers),
    name: raw.name,
    namespace: raw.spec?.namespace ?? 'default',
    uid: s?.Config.Labels[LABEL_UID],
    phase,
    reason,
    sandbox: s ? sandboxInfo(s) : null,
    namespaces: ns ? { net: ns.links.net, ipc: ns.links.ipc, uts: ns.links.uts, ...(raw.spec?.shareProcessNamespace ? { pid: ns.links.pid } : {}) } : { net: null },
    netnsKey: inode != null && s ? `${inode}/${s.Id.slice(0, 12)}` : null,
    ip: (s?.State.Running && net?.IPAddress) || null,
    mac: (s?.State.Running && net?.MacAddress) || null,
    gateway: (s?.State.Running && net?.Gateway) || null,
    hostVeth,
    interfaces: ifs,
    ports: s ? publishedPorts(s) : [],
    listening: ns ? listeningSockets(ns, facts, names) : [],
    containers,
    conflicts: [],
    events: [],
    restartPolicy,
    shareProcessNamespace: raw.spec?.shareProcessNamespace ?? false,
    hostname: s?.Config.Hostname,
    labels: raw.spec?.labels ?? {},
    createdAt: s?.Created,
    ...(initContainers.length ? { initContainers } : {}),
  };
}
