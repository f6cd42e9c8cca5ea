// Host-port conflicts: a sandbox that never started because its hostPort is taken. Names the holder — another
// podlab pod, another container, or a host process (looked up while gathering, facts/hostports.ts) — and keeps the
// pod Pending. Pure: a derivation stage.
import type { Conflict, PodWhy } from '../../../shared/model';
import { explainHostPort, KUBERNETES_HOSTPORT, type HostPortHolder } from '../../../shared/conflicts/explain';
import { english, msg } from '../../../shared/i18n/message';
import { parseHostPortError } from '../../../shared/conflicts/hosterror';
import type { Binding } from '../facts/types';
import type { SandboxStatus } from '../runtime/runtime';

/** The sandbox's requested hostPorts. */
export function requestedBindings(info: SandboxStatus): Binding[] {
  return info.ports.filter((p) => p.hostPort > 0).map((p) => ({ hostIp: p.hostIp || '0.0.0.0', hostPort: p.hostPort, protocol: p.protocol }));
}

/**
 * For a sandbox that was created but never ran: the hostPorts whose holder is wanted, and whether the runtime's
 * error named the one that failed. Nothing for a sandbox that ran. Docker records why the start failed; Podman records
 * nothing (its "cannot listen on the TCP port: listen tcp4 127.0.0.1:8080: bind: address already in use" reached only
 * the caller): then every requested hostPort is a suspect, and only one somebody holds makes a conflict (a sandbox
 * not started yet, whose ports are free, makes none).
 */
export function hostPortSuspects(sb: SandboxStatus | null): { wants: Binding[]; named: boolean } {
  if (!sb || sb.state !== 'created' || sb.startedAt) return { wants: [], named: false };
  const bindings = requestedBindings(sb);
  if (bindings.length === 0) return { wants: [], named: false };
  const failure = parseHostPortError(sb.error);
  if (!failure) return { wants: bindings, named: false };
  // The runtime names the one binding that failed.
  const named = bindings.filter((b) => b.hostPort === failure.hostPort).slice(0, 1);
  return { wants: named.length ? named : [{ hostIp: failure.hostIp, hostPort: failure.hostPort, protocol: failure.protocol }], named: true };
}

export interface HostPortFindings {
  conflicts: Conflict[];
  /** Set when the pod stays Pending for a taken hostPort: the reason it shows (pendingWhy in English). */
  pendingReason: string | null;
  pendingWhy: PodWhy | null;
}

/** The conflicts of a pod whose sandbox could not get its hostPorts, from the holders gathered for them. */
export function hostPortConflicts(pod: string, sb: SandboxStatus | null, holders: { binding: Binding; holder: HostPortHolder }[], at: number): HostPortFindings {
  const { wants, named } = hostPortSuspects(sb);
  const conflicts: Conflict[] = [];
  for (const want of wants) {
    const holder = holders.find((h) => sameBinding(h.binding, want))?.holder ?? { kind: 'unknown', name: null };
    if (!named && holder.kind === 'unknown') continue;
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
      victim: { pod, container: null },
      message: explainHostPort(pod, want.hostIp, want.hostPort, want.protocol, holder),
      kubernetes: KUBERNETES_HOSTPORT,
      netns: null,
      at: new Date(at).toISOString(),
    });
  }
  const c = conflicts[0];
  const port = c ? `${c.port}/${c.protocol}` : '';
  const pendingWhy: PodWhy | null = c
    ? { reason: 'Unschedulable', message: c.holder.pod ? msg('pod.hostPortAllocatedTo', { port, pod: c.holder.pod }) : msg('pod.hostPortAllocated', { port }) }
    : null;
  return { conflicts, pendingReason: english(pendingWhy?.message), pendingWhy };
}

export function sameBinding(a: Binding, b: Binding): boolean {
  return a.hostIp === b.hostIp && a.hostPort === b.hostPort && a.protocol === b.protocol;
}
