// Who holds a hostPort a sandbox could not get: another podlab pod, another container (a read-only listing of the
// runtime's running containers), or a process of this host.
import type { HostPortHolder } from '../../../shared/conflicts/explain';
import { socketsOverlap } from '../../../shared/conflicts/overlap';
import { hostPortSuspects } from '../conflicts/hostports';
import { listRunningContainers } from '../pods/guard';
import type { EngineConnection } from '../docker';
import type { Runtime, SandboxStatus } from '../runtime/runtime';
import { LABEL_POD, roleOf } from '../runtime/vocabulary';
import { findHostSocketHolder } from './hostsockets';
import { findRemoteHostSocketHolder } from './hostsockets-helper';
import type { Binding } from './types';

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

/** Live mode rebuilds the model on every event: each answer is remembered briefly (conn.caches.hostPortHolders). */
const RECENT_MS = 3000;

/** Finds who holds a requested hostPort: a podlab pod, another container, a host process, or unknown. */
export function hostPortHolder(conn: EngineConnection, selfId: string, want: Binding): Promise<HostPortHolder> {
  const recent = conn.caches.hostPortHolders;
  const key = `${selfId}/${want.hostIp}/${want.hostPort}/${want.protocol}`;
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < RECENT_MS) return hit.holder;
  for (const [k, v] of recent) if (Date.now() - v.at >= RECENT_MS) recent.delete(k);
  const holder = findHolder(conn, selfId, want);
  recent.set(key, { at: Date.now(), holder });
  return holder;
}

async function findHolder(conn: EngineConnection, selfId: string, want: Binding): Promise<HostPortHolder> {
  const rt = conn.runtime;
  const c = await containerHolder(rt, selfId, want);
  if (c) return c;
  // A remote engine's host is not this machine: its sockets are read there, through the helper container.
  const h = !conn.remote
    ? await findHostSocketHolder(want.hostIp, want.hostPort, want.protocol)
    : await findRemoteHostSocketHolder(rt, conn.config.demoImage, want.hostIp, want.hostPort, want.protocol).catch(() => null);
  if (h) return { kind: 'host', name: null, process: h.process, pid: h.pid };
  return { kind: 'unknown', name: null };
}

/**
 * The holders of the hostPorts a sandbox could not get ([] for a sandbox that ran or is still starting). Host
 * processes are looked up on this machine for a local engine, through the helper on the engine's host otherwise.
 */
export async function gatherHostPortHolders(conn: EngineConnection, sb: SandboxStatus | null): Promise<{ binding: Binding; holder: HostPortHolder }[]> {
  if (!sb) return [];
  const { wants } = hostPortSuspects(sb);
  return Promise.all(wants.map(async (binding) => ({ binding, holder: await hostPortHolder(conn, sb.id, binding) })));
}
