// Runs the proofs of shared/hands/prove.ts in containers. The core works on any set of containers (a pod's here;
// plain containers for the contrast of issue 12), all at once, each bounded in time.
import type { PodModel } from '../../../shared/model';
import {
  IDENTITY_SCRIPT,
  MAX_PROVE_PORTS,
  REACH_SCRIPT,
  REACH_TIMEOUT_S,
  parseIdentity,
  parseReach,
  sameIdentity,
  type NetIdentity,
  type ProvePort,
  type ProveResult,
  type ReachCell,
} from '../../../shared/hands/prove';
import type { EngineConnection } from '../docker';
import { HandsError } from './target';

export interface ProveMember {
  name: string;
  id: string;
  role: 'app' | 'ephemeral';
  /** The netns the host's /proc shows for it (the model's), for the side-by-side. */
  hostView: string | null;
}

/** Runs argv in a container (the runtime's ExecSync), collecting its output within `timeoutMs`. */
async function run(conn: EngineConnection, id: string, cmd: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number }> {
  const r = await conn.runtime.exec(id, cmd, { timeoutMs });
  return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode };
}

/** What went wrong when a container could not even run sh (the engine's "executable file not found"). */
function noShell(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return /executable file not found|no such file or directory/i.test(msg) ? 'the image has no shell (sh)' : msg;
}

export async function readIdentity(conn: EngineConnection, m: ProveMember): Promise<NetIdentity> {
  const base = { container: m.name, role: m.role, hostView: m.hostView };
  try {
    const r = await run(conn, m.id, ['sh', '-c', IDENTITY_SCRIPT], 5000);
    if (r.code === 126 || r.code === 127) return { ...base, netns: null, addresses: [], mac: null, hostname: null, missing: ['sh'], error: 'the image has no shell (sh)' };
    return { ...base, ...parseIdentity(r.stdout), error: null };
  } catch (err) {
    return { ...base, netns: null, addresses: [], mac: null, hostname: null, missing: ['sh'], error: noShell(err) };
  }
}

export async function tryPorts(conn: EngineConnection, m: ProveMember, ports: number[]): Promise<ReachCell[]> {
  if (ports.length === 0) return [];
  try {
    const r = await run(conn, m.id, ['sh', '-c', REACH_SCRIPT, 'prove', ...ports.map(String)], (REACH_TIMEOUT_S + 1) * 1000 * ports.length + 3000);
    if (r.code === 126 || r.code === 127) return ports.map((port) => ({ from: m.name, port, result: 'no-tool', detail: 'sh' }));
    return parseReach(m.name, ports, r.stdout);
  } catch (err) {
    const detail = noShell(err);
    return ports.map((port) => ({ from: m.name, port, result: detail.includes('no shell') ? 'no-tool' : 'failed', detail }));
  }
}

/** Both proofs over a set of running containers, all containers at once. */
export async function proveContainers(conn: EngineConnection, members: ProveMember[], ports: number[]): Promise<{ identities: NetIdentity[]; reach: ReachCell[] }> {
  const tried = ports.slice(0, MAX_PROVE_PORTS);
  const results = await Promise.all(members.map(async (m) => ({ id: await readIdentity(conn, m), reach: await tryPorts(conn, m, tried) })));
  return { identities: results.map((r) => r.id), reach: results.flatMap((r) => r.reach) };
}

/** The TCP ports of a pod worth trying: its socket table (with the holder) and its declared containerPorts. */
export function podPorts(pod: PodModel): ProvePort[] {
  const byPort = new Map<number, ProvePort>();
  for (const l of pod.listening) {
    if (!l.protocol.startsWith('tcp') || byPort.get(l.port)?.holder) continue;
    byPort.set(l.port, { port: l.port, protocol: 'tcp', holder: l.container });
  }
  for (const c of pod.containers) for (const p of c.ports ?? []) if (p.protocol === 'tcp' && !byPort.has(p.containerPort)) byPort.set(p.containerPort, { port: p.containerPort, protocol: 'tcp', holder: null });
  return [...byPort.values()].sort((a, b) => a.port - b.port).slice(0, MAX_PROVE_PORTS);
}

export async function provePod(conn: EngineConnection, podName: string): Promise<ProveResult> {
  const { buildModel } = await import('../model/build');
  const model = await buildModel(conn, { pods: [podName], events: false });
  const pod = model.pods.find((p) => p.name === podName);
  if (!pod) throw new HandsError('unknown-pod', `no pod named "${podName}" (see podlab ls)`);
  const all = [
    ...pod.containers.map((c) => ({ name: c.name, id: c.id, role: 'app' as const, state: c.state, hostView: c.namespaces.net })),
    ...(pod.ephemeralContainers ?? []).map((c) => ({ name: c.name, id: c.id, role: 'ephemeral' as const, state: c.state, hostView: c.namespaces?.net ?? null })),
  ];
  const members = all.filter((c) => c.state === 'running');
  if (members.length === 0) throw new HandsError('not-running', `pod ${podName} has no running container to prove anything with (podlab inspect ${podName} says why)`);
  const ports = podPorts(pod);
  const { identities, reach } = await proveContainers(conn, members, ports.map((p) => p.port));
  const lacking = identities.some((i) => i.missing.length > 0 || i.error) || reach.some((r) => r.result === 'no-tool');
  return {
    pod: podName,
    identities,
    ports,
    reach,
    oneIp: sameIdentity(identities),
    skipped: all.filter((c) => c.state !== 'running').map((c) => ({ container: c.name, state: c.state })),
    debugHint: lacking ? `podlab debug ${podName} -it` : null,
  };
}
