// A pod's ephemeral (debug) containers as Kubernetes lists them in status: name, id, image, state, target.
import type { EphemeralContainerModel } from '../../../shared/model';
import type { ContainerStatus } from '../runtime/runtime';
import { LABEL_EPHEMERAL, LABEL_TARGET } from '../runtime/vocabulary';
import type { ProbeFacts } from '../probe/types';

export function ephemeralModels(list: ContainerStatus[] | undefined, facts: ProbeFacts): EphemeralContainerModel[] {
  return (list ?? []).map((c) => ({
    name: c.labels[LABEL_EPHEMERAL] ?? c.name,
    id: c.id,
    image: c.image,
    state: c.state,
    target: c.labels[LABEL_TARGET] || null,
    exitCode: c.state === 'exited' || c.state === 'dead' ? c.exitCode : null,
    startedAt: c.startedAt,
    namespaces: { net: c.pid > 0 ? (facts.nsNet.get(c.pid) ?? null) : null },
  }));
}
