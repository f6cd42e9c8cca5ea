// Predicts port collisions from a manifest before launch, the way a learner should hear it; launching stays possible.
import type { PodSpec } from '../manifest/types';
import { socketsOverlap } from './overlap';

export interface Prediction {
  /** spec.containers[i].ports[j] of the container that will lose (the later one). */
  path: string;
  protocol: 'tcp' | 'udp';
  port: number;
  holder: string;
  victim: string;
  message: string;
}

/**
 * Declared containerPorts that will collide in the pod's one network namespace. Start order is parallel, so
 * which one loses is a race; the later container in the manifest is named as the likely victim.
 */
export function predictConflicts(spec: PodSpec): Prediction[] {
  const out: Prediction[] = [];
  spec.containers.forEach((c, i) => {
    c.ports.forEach((p, j) => {
      for (let k = 0; k < i; k++) {
        const other = spec.containers[k]!;
        const hit = other.ports.find((q) => socketsOverlap({ protocol: q.protocol, address: null, port: q.containerPort }, { protocol: p.protocol, address: null, port: p.containerPort }));
        if (!hit) continue;
        out.push({
          path: `spec.containers[${i}].ports[${j}]`,
          protocol: p.protocol,
          port: p.containerPort,
          holder: other.name,
          victim: c.name,
          message:
            `containers ${other.name} and ${c.name} both use port ${p.containerPort}/${p.protocol}: they share one network namespace, ` +
            `so whichever binds second will fail (in Kubernetes: CrashLoopBackOff).`,
        });
        return;
      }
    });
  });
  return out;
}
