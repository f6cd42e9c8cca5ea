// One pod of the model from its inspected containers and the probe's kernel facts.
import type { ContainerModel, ContainerState, ListeningSocket, NetInterface, PodModel, PublishedPort, SandboxInfo } from '../../../shared/model';
import type { ContainerStatus, SandboxStatus } from '../runtime/runtime';
import { attemptOf, LABEL_UID } from '../runtime/vocabulary';
import { podPhaseWhy } from '../../../shared/phase';
import { english, msg } from '../../../shared/i18n/message';
import { said } from '../../../shared/i18n/facts';
import type { ContainerReason } from '../../../shared/reasons';
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
import { containerNameOf, type RawPod } from '../pods/discover';
import type { NetnsFacts, ProbeFacts } from '../probe/types';
import { ephemeralModels } from './ephemeral';
import { byCodePoint } from '../../../shared/order';

/** The name cri-dockerd gives the sandbox's "container" in a pod. */
export const SANDBOX_CONTAINER = 'POD';

/**
 * A Kubernetes-style reason from Docker's state; detectConflicts may replace it with a sharper one. A container left
 * `created` with an engine error (State.Error) was created but could not start: the kubelet's RunContainerError.
 */
export function reasonOf(state: ContainerState, exitCode: number | null, oom = false, engineError = ''): ContainerReason | null {
  if (state === 'created') return engineError ? 'RunContainerError' : 'ContainerCreating';
  if (state === 'exited' || state === 'dead') return oom ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  return null;
}

export function containerModel(c: ContainerStatus, facts: ProbeFacts): ContainerModel {
  const state = c.state;
  const exitCode = state === 'exited' || state === 'dead' ? c.exitCode : null;
  return {
    name: containerNameOf(c),
    id: c.id,
    image: c.image,
    state,
    exitCode,
    restartCount: Math.max(c.restartCount, attemptOf({ labels: c.labels })),
    reason: reasonOf(state, exitCode, c.oomKilled, c.error),
    namespaces: { net: c.pid > 0 ? (facts.nsNet.get(c.pid) ?? null) : null, ...utsOf(c.pid, facts) },
    pid: c.pid > 0 ? c.pid : undefined,
    startedAt: c.startedAt,
    finishedAt: state === 'running' ? null : c.finishedAt,
    message: c.error || null,
    why: c.error ? msg('container.engineError', { text: c.error }) : null,
    ...(c.hostname ? { hostname: c.hostname } : {}),
  };
}

/** The container's own UTS namespace link, when the probe read it (what the kernel says, whichever engine). */
function utsOf(pid: number, facts: ProbeFacts): { uts?: string | null } {
  const uts = pid > 0 ? facts.nsUts?.get(pid) : undefined;
  return uts === undefined ? {} : { uts };
}

function sandboxInfo(s: SandboxStatus): SandboxInfo {
  return { id: s.id, name: s.name, image: s.image, state: s.state, pid: s.pid, attempt: attemptOf({ labels: s.labels }) };
}

export function publishedPorts(s: SandboxStatus): PublishedPort[] {
  return s.ports
    .map((p) => ({ hostIp: p.hostIp || '0.0.0.0', hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol }))
    .sort((a, b) => a.containerPort - b.containerPort || byCodePoint(a.protocol, b.protocol));
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

type SocketOwner = { pid: number; comm: string; containerId: string };
/** Socket inode → the first process holding it, built once per probe (the processes of every pod are in one list). */
const ownersOf = new WeakMap<ProbeFacts, Map<number, SocketOwner>>();

function socketOwners(facts: ProbeFacts): Map<number, SocketOwner> {
  let owner = ownersOf.get(facts);
  if (!owner) {
    owner = new Map();
    for (const p of facts.procs) for (const inode of p.sockets) if (!owner.has(inode)) owner.set(inode, p);
    ownersOf.set(facts, owner);
  }
  return owner;
}

/** Listening sockets from the kernel's tables, each owned by the pod process that holds its inode. */
export function listeningSockets(ns: NetnsFacts, facts: ProbeFacts, names: Map<string, string>): ListeningSocket[] {
  const owner = socketOwners(facts);
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
  return out.sort((a, b) => a.port - b.port || byCodePoint(a.protocol, b.protocol));
}

export function assemblePod(raw: RawPod, facts: ProbeFacts): PodModel {
  const s = raw.sandbox;
  const containers = raw.apps.map((a) => containerModel(a, facts));
  const declared = new Map((raw.spec?.containers ?? []).map((c) => [c.name, c.ports]));
  for (const c of containers) {
    const ports = declared.get(c.name);
    if (ports) c.ports = ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) }));
  }
  const running = s?.state === 'running';
  const ns = s && running ? facts.netns.get(s.pid) : undefined;
  const net = running ? s.network : null;
  const ifs = ns ? interfaces(ns) : [];
  const eth0 = ifs.find((i) => i.name === 'eth0');
  const hostVeth = eth0?.peerIfindex != null ? (facts.hostIfaces.find((h) => h.ifindex === eth0.peerIfindex)?.name ?? null) : null;
  const names = new Map<string, string>(raw.apps.map((a, i) => [a.id, containers[i]!.name]));
  const exited = new Set(containers.filter((c) => c.state === 'exited').map((c) => c.name));
  if (s) names.set(s.id, SANDBOX_CONTAINER);
  const restartPolicy = raw.spec?.restartPolicy ?? 'Always';
  const initContainers = (raw.inits ?? []).map((i) => containerModel(i, facts));
  const described = describeSpec(raw, containers, initContainers);
  // While init containers run (or failed) the pod's phase is theirs (Init:N/M…); native sidecars do not decide it.
  const init = initPhase({ declared: described.declaredInits, inits: initContainers, containers, restartPolicy });
  const { phase, why } = init ?? podPhaseWhy({ sandbox: s ? { state: s.state } : null, containers: containers.filter((c) => !c.sidecar), restartPolicy });
  const inode = nsInode(ns?.links.net);
  for (const c of containers) {
    // After a sandbox restart the joined containers stay in the old netns (only lo): say so, as the kubelet would.
    if (ns?.links.net && c.namespaces.net && c.namespaces.net !== ns.links.net) {
      Object.assign(c, said(msg('container.strandedNetns', { old: c.namespaces.net, now: ns.links.net })));
    }
  }
  return {
    ...described.pod,
    ready: readyOf(phase, containers),
    name: raw.name,
    namespace: raw.namespace ?? raw.spec?.namespace ?? 'default',
    managed: raw.managed !== false,
    uid: s?.labels[LABEL_UID],
    phase,
    reason: english(why?.message),
    why,
    sandbox: s ? sandboxInfo(s) : null,
    namespaces: ns ? { net: ns.links.net, ipc: ns.links.ipc, uts: ns.links.uts, ...(raw.spec?.shareProcessNamespace ? { pid: ns.links.pid } : {}) } : { net: null },
    netnsKey: inode != null && s ? `${inode}/${s.id.slice(0, 12)}` : null,
    ip: net?.ip || null,
    mac: net?.mac || null,
    gateway: net?.gateway || null,
    hostVeth,
    interfaces: ifs,
    ports: s ? publishedPorts(s) : [],
    // A socket whose owner has exited since the probe read the table is gone with it.
    listening: ns ? listeningSockets(ns, facts, names).filter((l) => !exited.has(l.container ?? '')) : [],
    containers,
    conflicts: [],
    events: [],
    restartPolicy,
    shareProcessNamespace: raw.spec?.shareProcessNamespace ?? false,
    hostname: s?.hostname,
    labels: raw.spec?.labels ?? {},
    createdAt: s?.createdAt,
    ephemeralContainers: ephemeralModels(raw.ephemerals, facts),
    ...(initContainers.length ? { initContainers } : {}),
  };
}
