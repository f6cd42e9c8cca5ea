// Predicts port collisions from a manifest before launch, the way a learner should hear it; launching stays possible.
// A container's ports are what its command line says it binds (busybox httpd -p, nc -l -p, udp-listen…) and its
// declared containerPorts.
import type { ContainerSpec, PodSpec } from '../manifest/types';
import { portsFromCommand } from './cmdports';
import { socketsOverlap, type SocketKey } from './overlap';
import { msg, render, type Message } from '../i18n/message';

export type PortSource = 'command' | 'declared';

export interface Prediction {
  /** Where the losing (later) container's port comes from: spec.containers[i].ports[j], or its .command / .args. */
  path: string;
  /** The same for the holder (the earlier container). */
  holderPath: string;
  protocol: 'tcp' | 'udp';
  port: number;
  holder: string;
  victim: string;
  victimFrom: PortSource;
  holderFrom: PortSource;
  /** `why` in English. */
  message: string;
  why: Message;
}

interface Want {
  key: SocketKey;
  path: string;
  from: PortSource;
}

/** Ports a container will bind: from its command line (with the bind address when given), then declared ones not already there. */
function wants(c: ContainerSpec, i: number): Want[] {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const cmdPath = `spec.containers[${i}].${c.command ? 'command' : 'args'}`;
  const fromCmd: Want[] = portsFromCommand(argv).map((p) => ({ key: { protocol: p.protocol, address: p.address, port: p.port }, path: cmdPath, from: 'command' }));
  const declared: Want[] = c.ports
    .map((p, j): Want => ({ key: { protocol: p.protocol, address: null, port: p.containerPort }, path: `spec.containers[${i}].ports[${j}]`, from: 'declared' }))
    .filter((d) => !fromCmd.some((w) => w.key.port === d.key.port && w.key.protocol === d.key.protocol));
  return [...fromCmd, ...declared];
}

/**
 * Ports that will collide in the pod's one network namespace. Start order is parallel, so which one loses is a race;
 * the later container in the manifest is named as the likely victim. One prediction per port of the victim.
 */
export function predictConflicts(spec: PodSpec): Prediction[] {
  const out: Prediction[] = [];
  const all = spec.containers.map((c, i) => wants(c, i));
  spec.containers.forEach((c, i) => {
    for (const w of all[i]!) {
      for (let k = 0; k < i; k++) {
        const hit = all[k]!.find((h) => socketsOverlap(h.key, w.key));
        if (!hit) continue;
        const other = spec.containers[k]!;
        const why = msg('predict.conflict', { holder: other.name, victim: c.name, port: `${w.key.port}/${w.key.protocol}` });
        out.push({
          path: w.path,
          holderPath: hit.path,
          protocol: w.key.protocol,
          port: w.key.port,
          holder: other.name,
          victim: c.name,
          victimFrom: w.from,
          holderFrom: hit.from,
          message: render(why),
          why,
        });
        break;
      }
    }
  });
  return out;
}
