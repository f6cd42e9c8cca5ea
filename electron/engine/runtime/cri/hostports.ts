// hostPort allocation on a CRI node. The CNI portmap plugin never refuses a hostPort: a second DNAT rule for a taken
// port silently steals or loses its traffic (on a cluster the scheduler keeps that from happening). podlab checks
// before RunPodSandbox, the way Docker's port allocator does, and refuses with Docker's words so the same conflict
// explanation applies: another sandbox of this runtime holds it, or a host process listens on it.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { PortMapping } from '../runtime';

function overlaps(a: PortMapping, b: PortMapping): boolean {
  const any = (ip: string): boolean => ip === '' || ip === '0.0.0.0' || ip === '::';
  return a.protocol === b.protocol && a.hostPort === b.hostPort && (any(a.hostIp) || any(b.hostIp) || a.hostIp === b.hostIp);
}

/** The first wanted mapping another sandbox already holds, with the holder's pod name. */
export function heldBySandbox(wanted: PortMapping[], held: { pod: string; ports: PortMapping[] }[]): { port: PortMapping; pod: string } | null {
  for (const port of wanted) for (const h of held) if (h.ports.some((p) => overlaps(port, p))) return { port, pod: h.pod };
  return null;
}

/** Whether a host process already listens on the port (bound for a moment and released at once). */
export function hostListens(p: PortMapping): Promise<boolean> {
  const host = p.hostIp === '' || p.hostIp === '0.0.0.0' ? '0.0.0.0' : p.hostIp;
  return new Promise((resolve) => {
    if (p.protocol === 'udp') {
      const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      s.once('error', () => resolve(true));
      s.bind(p.hostPort, host, () => s.close(() => resolve(false)));
      return;
    }
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
    srv.listen({ port: p.hostPort, host, exclusive: true }, () => srv.close(() => resolve(false)));
  });
}

/** Docker's sentences for the two cases (shared/conflicts/hosterror.ts reads them). */
export function allocatedMessage(p: PortMapping, holderPod: string): string {
  return `Bind for ${p.hostIp || '0.0.0.0'}:${p.hostPort} failed: port is already allocated (hostPort ${p.hostPort}/${p.protocol} of pod ${holderPod})`;
}

export function inUseMessage(p: PortMapping): string {
  return `listen ${p.protocol}4 ${p.hostIp || '0.0.0.0'}:${p.hostPort}: bind: address already in use`;
}
