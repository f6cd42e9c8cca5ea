// Host-port conflicts: a sandbox that never started because its hostPort is taken. Names the holder —
// another podlab pod, another container (read-only listing), or a host process — and keeps the pod Pending.
import type { Conflict, PodModel, Protocol } from '../../../shared/model';
import type { Runtime, SandboxStatus } from '../runtime/runtime';
import { LABEL_POD, roleOf } from '../runtime/vocabulary';
import { listRunningContainers } from '../pods/guard';
import { explainHostPort, KUBERNETES_HOSTPORT, type HostPortHolder } from '../../../shared/conflicts/explain';
import { parseHostPortError } from '../../../shared/conflicts/hosterror';
import { socketsOverlap } from '../../../shared/conflicts/overlap';
import { findHostSocketHolder } from './hostsockets';

interface Binding {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
}

/** The sandbox's requested hostPorts. */
export function requestedBindings(info: SandboxStatus): Binding[] {
  return info.ports.filter((p) => p.hostPort > 0).map((p) => ({ hostIp: p.hostIp || '0.0.0.0', hostPort: p.hostPort, protocol: p.protocol }));
}

/** Who publishes this port among the runtime's running containers (podlab pods first), read-only. */
async function containerHolder(rt: Runtime, selfId: string, want: Binding): Promise<HostPortHolder | null> {
  const list = await listRunningContainers(rt).catch(() => []);
  const matches = list.filter(
    (c) =>
      c.id !== selfId &&
      c.ports.some(
        (p) => p.hostPort === want.hostPort && p.protocol === want.protocol && socketsOverlap({ protocol: want.protocol, address: p.hostIp, port: p.hostPort }, { protocol: want.protocol, address: want.hostIp, port: want.hostPort }),
      ),
  );
  const pod = matches.find((c) => c.labels[LABEL_POD] && roleOf(c.labels) === 'sandbox');
  if (pod) return { kind: 'pod', name: pod.labels[LABEL_POD]! };
  const other = matches[0];
  if (other) return { kind: 'container', name: other.name || other.id.slice(0, 12) };
  return null;
}

/** Live mode rebuilds the model on every event: remember each answer briefly (scanning /proc/*\/fd is not free). */
const recent = new Map<string, { at: number; holder: Promise<HostPortHolder> }>();
const RECENT_MS = 3000;

/** Finds who holds a requested hostPort: a podlab pod, another container, a host process, or unknown. */
export function hostPortHolder(rt: Runtime, selfId: string, want: Binding): Promise<HostPortHolder> {
  const key = `${selfId}/${want.hostIp}/${want.hostPort}/${want.protocol}`;
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < RECENT_MS) return hit.holder;
  for (const [k, v] of recent) if (Date.now() - v.at >= RECENT_MS) recent.delete(k);
  const holder = findHolder(rt, selfId, want);
  recent.set(key, { at: Date.now(), holder });
  return holder;
}

async function findHolder(rt: Runtime, selfId: string, want: Binding): Promise<HostPortHolder> {
  const c = await containerHolder(rt, selfId, want);
  if (c) return c;
  const h = await findHostSocketHolder(want.hostIp, want.hostPort, want.protocol);
  if (h) return { kind: 'host', name: null, process: h.process, pid: h.pid };
  return { kind: 'unknown', name: null };
}

/**
 * For a pod whose sandbox was created but never ran: which of its hostPorts are taken, and by whom. Sets the pod
 * Pending with its reason. Returns the conflicts (empty when the sandbox did not fail for a hostPort).
 */
export async function detectHostPortConflicts(rt: Runtime, pod: PodModel): Promise<Conflict[]> {
  const sb = pod.sandbox;
  if (!sb || sb.state !== 'created') return [];
  const info = await rt.sandboxes.status(sb.id).catch(() => null);
  if (!info || info.startedAt) return [];
  const bindings = requestedBindings(info);
  // No recorded start error: the sandbox has simply not been started yet (e.g. mid-launch).
  if (bindings.length === 0 || !info.error) return [];
  const failure = parseHostPortError(info.error);
  // The engine names the one binding that failed; without its error, check every requested binding.
  const candidates = failure
    ? bindings.filter((b) => b.hostPort === failure.hostPort).slice(0, 1)
    : bindings;
  const conflicts: Conflict[] = [];
  for (const want of candidates.length ? candidates : failure ? [{ hostIp: failure.hostIp, hostPort: failure.hostPort, protocol: failure.protocol }] : []) {
    const holder = await hostPortHolder(rt, sb.id, want);
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
    pod.reason = `hostPort ${c.port}/${c.protocol} is already allocated${c.holder.pod ? ` to pod ${c.holder.pod}` : ''}`;
  }
  return conflicts;
}
