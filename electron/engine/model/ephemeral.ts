// A pod's ephemeral (debug) containers as Kubernetes lists them in status: name, id, image, state, target.
import type { ContainerInspectInfo } from 'dockerode';
import type { ContainerState, EphemeralContainerModel } from '../../../shared/model';
import { LABEL_EPHEMERAL, LABEL_TARGET } from '../../../shared/model';
import type { ProbeFacts } from '../probe/types';

export function ephemeralModels(list: ContainerInspectInfo[] | undefined, facts: ProbeFacts): EphemeralContainerModel[] {
  return (list ?? []).map((c) => {
    const state = c.State.Status as ContainerState;
    return {
      name: c.Config.Labels[LABEL_EPHEMERAL] ?? c.Name.replace(/^\//, ''),
      id: c.Id,
      image: c.Config.Image,
      state,
      target: c.Config.Labels[LABEL_TARGET] || null,
      exitCode: state === 'exited' || state === 'dead' ? c.State.ExitCode : null,
      startedAt: !c.State.StartedAt || c.State.StartedAt.startsWith('0001-') ? null : c.State.StartedAt,
      namespaces: { net: c.State.Pid > 0 ? (facts.nsNet.get(c.State.Pid) ?? null) : null },
    };
  });
}
