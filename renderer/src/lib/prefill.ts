// Prefill for "add a container": pick a port another container of the pod already listens on, so the new one collides.
import type { PodModel, Protocol } from '../../../shared/model';

export interface AddDefaults {
  name: string;
  image: string;
  port: number | null;
  protocol: Protocol;
  holder: string | null;
  command: string[];
}

export function collidingDefaults(pod: PodModel | null): AddDefaults {
  const sock = pod?.listening.find((s) => s.container);
  const declared = pod?.containers.flatMap((c) => (c.ports ?? []).map((p) => ({ c: c.name, ...p })))[0];
  const holder = sock?.container ?? declared?.c ?? null;
  const port = sock?.port ?? declared?.containerPort ?? 80;
  const protocol: Protocol = sock ? (sock.protocol.startsWith('udp') ? 'udp' : 'tcp') : (declared?.protocol ?? 'tcp');
  const image = pod?.containers.find((c) => c.name === holder)?.image ?? pod?.containers[0]?.image ?? 'busybox';
  const taken = new Set(pod?.containers.map((c) => c.name) ?? []);
  let name = `${holder ?? 'web'}-2`;
  for (let i = 3; taken.has(name) && i < 100; i++) name = `${holder ?? 'web'}-${i}`;
  const command = protocol === 'udp' ? ['/bin/udp-listen', String(port)] : ['httpd', '-f', '-p', String(port)];
  return { name, image, port, protocol, holder, command };
}
