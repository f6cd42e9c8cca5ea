// The closed sets of Kubernetes reasons podlab's model uses, in kubectl's words. A view decides health from these
// facts, never from text; a new reason is added here first (and its health in FAILED_CONTAINER_REASONS).

/** ContainerModel.reason: what kubectl shows in a container's state (waiting/terminated reason). */
export const CONTAINER_REASONS = ['ContainerCreating', 'RunContainerError', 'CrashLoopBackOff', 'Error', 'Completed', 'OOMKilled'] as const;
export type ContainerReason = (typeof CONTAINER_REASONS)[number];

/** PodModel.why.reason: the Kubernetes reason behind a pod's phase (its message says it in words). */
export const POD_REASONS = ['ContainerCreating', 'RunContainerError', 'SandboxChanged', 'CrashLoopBackOff', 'Error', 'Unschedulable'] as const;
export type PodReason = (typeof POD_REASONS)[number];

/** Container reasons that mean the container failed (drawn red, counted as failed). */
export const FAILED_CONTAINER_REASONS: ReadonlySet<ContainerReason> = new Set<ContainerReason>(['CrashLoopBackOff', 'Error', 'OOMKilled', 'RunContainerError']);

export function isContainerReason(x: unknown): x is ContainerReason {
  return typeof x === 'string' && (CONTAINER_REASONS as readonly string[]).includes(x);
}
