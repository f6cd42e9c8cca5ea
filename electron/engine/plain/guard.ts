// What podlab may do to a container outside any pod: only its own `launch --plain` containers (role plain + group
// label) are ever stopped or removed; anyone else's are observed, never touched.
import type { ContainerInfo } from 'dockerode';
import { LABEL_GROUP, LABEL_ROLE, ROLE_PLAIN } from '../../../shared/model';
import { PodInputError } from '../pods/errors';

/** True for a container podlab made with `launch --plain` (of `group`, when given). */
export function isPlainContainer(labels: Record<string, string> | undefined, group?: string): boolean {
  const g = labels?.[LABEL_GROUP];
  if (!g || labels?.[LABEL_ROLE] !== ROLE_PLAIN) return false;
  return group === undefined || g === group;
}

/** Refused: the user named a container that is not podlab's. Exit 2, nothing touched. */
export class NotPodlabsError extends PodInputError {
  override name = 'NotPodlabsError';
  constructor(readonly names: string[]) {
    super(
      `${names.join(', ')} ${names.length === 1 ? 'is a container' : 'are containers'} podlab did not create: podlab only shows ` +
        `${names.length === 1 ? 'it' : 'them'} and never stops, removes or execs into ${names.length === 1 ? 'it' : 'them'}. ` +
        'Use docker yourself if you mean it (docker rm -f NAME).',
    );
  }
}

/** Of the engine's containers, those of the named podlab plain groups (never a container without podlab's labels). */
export function plainGroupMembers(list: ContainerInfo[], groups: Set<string> | null): ContainerInfo[] {
  return list.filter((c) => isPlainContainer(c.Labels) && (!groups || groups.has(c.Labels[LABEL_GROUP])));
}
