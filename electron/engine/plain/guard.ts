// What podlab may do to a container outside any pod: only its own `launch --plain` containers (role plain, group and
// container labels, and the `<group>_<container>` name those give) are ever removed; anyone else's are observed only.
import type { ContainerSummary } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_GROUP, LABEL_ROLE, ROLE_PLAIN } from '../runtime/vocabulary';
import { PodInputError } from '../pods/errors';

/** Docker's name for a plain container: `<group>_<container>` ("_" never occurs in a Kubernetes name). */
export function plainContainerName(group: string, container: string): string {
  return `${group}_${container}`;
}

/** True for a container podlab made with `launch --plain` (of `group`, when given); a name to check it against, when known. */
export function isPlainContainer(labels: Record<string, string> | undefined, group?: string, name?: string): boolean {
  const g = labels?.[LABEL_GROUP];
  const c = labels?.[LABEL_CONTAINER];
  if (!g || !c || labels?.[LABEL_ROLE] !== ROLE_PLAIN) return false;
  if (name !== undefined && name.replace(/^\//, '') !== plainContainerName(g, c)) return false;
  return group === undefined || g === group;
}

/** Refused: the user named a container that is not podlab's. Exit 2, that container untouched. */
export class NotPodlabsError extends PodInputError {
  override name = 'NotPodlabsError';
  /** `names`: containers that are not podlab's; `unknown`: names that are nothing at all. */
  constructor(
    readonly names: string[],
    unknown: string[] = [],
  ) {
    const one = names.length === 1;
    super(
      `unknown pod${one ? '' : 's'}: ${names.join(', ')} — ${one ? 'it is a container' : 'they are containers'} podlab did not create: ` +
        `podlab only shows ${one ? 'it' : 'them'} and never stops, removes or execs into ${one ? 'it' : 'them'}. ` +
        'Use docker yourself if you mean it (docker rm -f NAME).' +
        (unknown.length ? `\nunknown pod${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} — see the pods podlab knows with: podlab ls` : ''),
    );
  }
}

/** Of the runtime's containers, those of the named podlab plain groups (never a container without podlab's marks). */
export function plainGroupMembers(list: ContainerSummary[], groups: Set<string> | null): ContainerSummary[] {
  return list.filter((c) => isPlainContainer(c.labels, undefined, c.name) && (!groups || groups.has(c.labels[LABEL_GROUP])));
}
