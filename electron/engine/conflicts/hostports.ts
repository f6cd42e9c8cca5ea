// Host-port conflicts: a sandbox that never started because its hostPort is taken. Names the holder —
// another podlab pod, another container (read-only listing), or a host process — and keeps the pod Pending.
import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import type { Conflict, PodModel, Protocol } from '../../../shared/model';
import { LABEL_POD, LABEL_ROLE } from '../../../shared/model';
import { explainHostPort, KUBERNETES_HOSTPORT, type HostPortHolder } from '../../../shared/conflicts/explain';
import { english, msg } from '../../../shared/i18n/message';
import { parseHostPortError } from '../../../shared/conflicts/hosterror';
import { socketsOverlap } from '../../../shared/conflicts/overlap';
import { findHostSocketHolder } from './hostsockets';

interface Binding {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
}

/** The sandbox's requested hostPorts, from HostConfig.PortBindings ("8080/tcp": [{HostIp, HostPort}]). */
export function requestedBindings(info: ContainerInspectInfo): Binding[] {
  const out: Binding[] = [];
  const pb = (info.HostConfig?.PortBindings ?? {}) as Record<string, { HostIp?: string; HostPort?: string }[] | null>;
  for (const [key, list] of Object.entries(pb)) {
    const protocol: Protocol = key.endsWith('/udp') ? 'udp' : 'tcp';
    for (const b of list ?? []) {
      const hostPort = Number(b.HostPort);
      if (hostPort > 0) out.push({ hostIp: b.HostIp || '0.0.0.0', hostPort, protocol });
    }
  }
  return out;
}

/** Who publishes this port among the engine's running containers (podlab pods first), read-only. */
async function containerHolder(docker: Docker, selfId: string, want: Binding): Promise<HostPortHolder | null> {
  const list = await docker.listContainers({ all: false }).catch(() => []);
  const matches = list.filter(
    (c) =>
      c.Id !== selfId &&
      (c.Ports ?? []).some(
        (p) => p.PublicPort === want.hostPort && p.Type === want.protocol && socketsOverlap({ protocol: want.protocol, address: p.IP || null, port: p.PublicPort }, { protocol: want.protocol, address: want.hostIp, port: want.hostPort }),
      ),
  );
  const pod = matches.find((c) => c.Labels?.[LABEL_POD] && c.Labels?.[LABEL_ROLE] === 'sandbox');
  if (pod) return { kind: 'pod', name: pod.Labels[LABEL_POD]! };
  const other = matches[0];
  if (other) return { kind: 'container', name: (other.Names?.[0] ?? other.Id.slice(0, 12)).replace(/^\//, '') };
  return null;
}

/** Live mode rebuilds the model on every event: remember each answer briefly (scanning /proc/*\/fd is not free). */
const recent = new Map<string, { at: number; holder: Promise<HostPortHolder> }>();
const RECENT_MS = 3000;

/** Finds who holds a requested hostPort: a podlab pod, another container, a host process, or unknown. */
export function hostPortHolder(docker: Docker, selfId: string, want: Binding): Promise<HostPortHolder> {
  const key = `${selfId}/${want.hostIp}/${want.hostPort}/${want.protocol}`;
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < RECENT_MS) return hit.holder;
  for (const [k, v] of recent) if (Date.now() - v.at >= RECENT_MS) recent.delete(k);
  const holder = findHolder(docker, selfId, want);
  recent.set(key, { at: Date.now(), holder });
  return holder;
}

async function findHolder(docker: Docker, selfId: string, want: Binding): Promise<HostPortHolder> {
  const c = await containerHolder(docker, selfId, want);
  if (c) return c;
  const h = await findHostSocketHolder(want.hostIp, want.hostPort, want.protocol);
  if (h) return { kind: 'host', name: null, process: h.process, pid: h.pid };
  return { kind: 'unknown', name: null };
}

/**
 * For a pod whose sandbox was created but never ran: which of its hostPorts are taken, and by whom. Sets the pod
 * Pending with its reason. Returns the conflicts (empty when the sandbox did not fail for a hostPort).
 */
export async function detectHostPortConflicts(docker: Docker, pod: PodModel): Promise<Conflict[]> {
  const sb = pod.sandbox;
  if (!sb || sb.state !== 'created') return [];
  let info: ContainerInspectInfo;
  try {
    info = await docker.getContainer(sb.id).inspect();
  } catch {
    return [];
  }
  if (info.State?.StartedAt && !info.State.StartedAt.startsWith('0001-')) return [];
  const bindings = requestedBindings(info);
  // No recorded start error: the sandbox has simply not been started yet (e.g. mid-launch).
  if (bindings.length === 0 || !info.State?.Error) return [];
  const failure = parseHostPortError(info.State.Error);
  // The engine names the one binding that failed; without its error, check every requested binding.
  const candidates = failure
    ? bindings.filter((b) => b.hostPort === failure.hostPort).slice(0, 1)
    : bindings;
  const conflicts: Conflict[] = [];
  for (const want of candidates.length ? candidates : failure ? [{ hostIp: failure.hostIp, hostPort: failure.hostPort, protocol: failure.protocol }] : []) {
    const holder = await hostPortHolder(docker, sb.id, want);
    if (!failure && holder.kind === 'unknown') continue;
    conflicts.push({
      kind: 'host-port',
      protocol: want.protocol,
      port: want.hostPort,
      hostIp: want.hostIp,
      holder: {
        pod: holder.kind === 'pod' ? holder.name : null,
        container: holder.kind === 'container' ? holder.name : null,
        process: holder.process ?? null,
        pid: holder.pid ?? null,
        kind: holder.kind === 'pod' || holder.kind === 'container' ? 'container' : holder.kind,
      },
      victim: { pod: pod.name, container: null },
      message: explainHostPort(pod.name, want.hostIp, want.hostPort, want.protocol, holder),
      kubernetes: KUBERNETES_HOSTPORT,
      netns: null,
      at: new Date().toISOString(),
    });
  }
  if (conflicts.length > 0) {
    pod.phase = 'Pending';
    const c = conflicts[0]!;
    const port = `${c.port}/${c.protocol}`;
    pod.why = { reason: 'Unschedulable', message: c.holder.pod ? msg('pod.hostPortAllocatedTo', { port, pod: c.holder.pod }) : msg('pod.hostPortAllocated', { port }) };
    pod.reason = english(pod.why.message);
  }
  return conflicts;
}
