// The engine's own vocabulary, defined once: the labels podlab puts on everything it creates, how a container's
// role and attempt are read from them. Every runtime implementation and every engine module reads them from here.

/** Labels on everything podlab creates; podlab never touches a container without io.podlab.pod. */
export const LABEL_POD = 'io.podlab.pod';
export const LABEL_ROLE = 'io.podlab.role';
export const LABEL_CONTAINER = 'io.podlab.container';
/** The launch manifest (JSON) on the sandbox, so a pod is rediscovered as launched. */
export const LABEL_MANIFEST = 'io.podlab.manifest';
export const LABEL_ATTEMPT = 'io.podlab.attempt';
export const LABEL_UID = 'io.podlab.uid';
/** The probe's short-lived helper container. */
export const LABEL_HELPER = 'io.podlab.helper';
/** Per-container spec (a Kubernetes container as JSON) on each app container, so `add`ed containers are rediscovered. */
export const LABEL_SPEC = 'io.podlab.spec';
/** The back-off step a restarted container carries (CrashLoopBackOff survives a podlab restart). */
export const LABEL_BACKOFF = 'io.podlab.backoff';
/** When the restart manager re-created the sandbox (SandboxChanged). */
export const LABEL_SANDBOX_CHANGED = 'io.podlab.sandbox-changed';

/** Kubernetes namespace of every podlab pod. */
export const POD_NAMESPACE = 'default';

/** On ephemeral (debug) containers: their name in the pod, and the container whose PID namespace they joined. */
export const LABEL_EPHEMERAL = 'io.podlab.ephemeral';
export const LABEL_TARGET = 'io.podlab.target';

/**
 * `ephemeral`: a debug container (podlab debug), joined to the sandbox, never restarted, removed with the pod.
 * `init`: a plain init container (a native sidecar is an app container labelled io.podlab.sidecar).
 */
export type Role = 'sandbox' | 'app' | 'init' | 'ephemeral';

export function roleOf(labels: Record<string, string> | undefined): Role | null {
  const role = labels?.[LABEL_ROLE];
  return role === 'sandbox' || role === 'app' || role === 'init' || role === 'ephemeral' ? role : null;
}

/** A container's name in its pod, from its labels: an ephemeral one's own label, any other's io.podlab.container. */
export function nameInPod(labels: Record<string, string>): string | undefined {
  return roleOf(labels) === 'ephemeral' ? (labels[LABEL_EPHEMERAL] ?? labels[LABEL_CONTAINER]) : labels[LABEL_CONTAINER];
}

/** True for a container labelled as part of a podlab pod (and of `pod`, when given). */
export function isPodlabContainer(labels: Record<string, string> | undefined, pod?: string): boolean {
  const name = labels?.[LABEL_POD];
  if (!name || roleOf(labels) === null) return false;
  return pod === undefined || name === pod;
}

/** The attempt of a podlab container: its io.podlab.attempt label, else its name's `_<n>` suffix, else 0. */
export function attemptOf(c: { labels?: Record<string, string>; name?: string }): number {
  const raw = c.labels?.[LABEL_ATTEMPT];
  const label = raw === undefined || raw === '' ? NaN : Number(raw);
  if (Number.isInteger(label) && label >= 0) return label;
  const m = /_(\d+)$/.exec(c.name ?? '');
  return m ? Number(m[1]) : 0;
}
/** `launch --plain` containers: role "plain" and their group (no io.podlab.pod: they are no pod). */
export const ROLE_PLAIN = 'plain';
export const LABEL_GROUP = 'io.podlab.group';
/** The plain group's twin pod: the launched manifest's own metadata.name. */
export const LABEL_TWIN = 'io.podlab.twin';
