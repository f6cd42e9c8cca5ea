// What the next attempt of a pod's containers is made of: built by the pod engine's own functions (pods/create.ts)
// from the specs podlab keeps on the labels; taken from the old container's status only when those are unreadable.
import type { ContainerConfig, ContainerStatus, SandboxConfig, SandboxStatus } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_POD, LABEL_UID, POD_NAMESPACE } from '../runtime/vocabulary';
import { appConfig, sandboxConfig } from '../pods/create';
import { containerSpecFromLabels, podSpecFromLabels } from '../pods/spec';
import { LABEL_INIT_INDEX } from '../pods/names';

/** podlab's own labels, which the runtime sets itself from the config: never copied into `labels`. */
const OWN = /^io\.podlab\.(pod|role|container|uid|attempt)$/;

function extraLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !OWN.test(k)));
}

function uidOf(c: ContainerStatus, sandbox?: ContainerStatus): string {
  return c.labels[LABEL_UID] ?? sandbox?.labels[LABEL_UID] ?? globalThis.crypto.randomUUID();
}

/** The app container `old` again, as attempt `attempt`, joined to `sandboxId`. */
export function nextAppConfig(old: ContainerStatus, sandbox: SandboxStatus, attempt: number, labels: Record<string, string>): ContainerConfig {
  const c = containerSpecFromLabels(old.labels);
  const pod = podSpecFromLabels(sandbox.labels);
  const podName = old.labels[LABEL_POD] ?? pod?.name ?? '';
  // The pod's spec too (volumes, securityContext…), so the new attempt mounts what the old one did; `name` is the key.
  const share = { ...(pod ?? {}), name: podName, shareProcessNamespace: pod?.shareProcessNamespace ?? old.joined.pid !== null };
  if (c) {
    // The same environment as the attempt before: resolved at launch from ConfigMaps, Secrets and the pod's fields.
    // An init container stays one (its place in spec.initContainers), so Init:N/M and the init order still hold.
    const index = old.labels[LABEL_INIT_INDEX];
    const cfg = appConfig(share, c, sandbox.id, uidOf(old, sandbox), attempt, { env: old.env, ...(index !== undefined ? { initIndex: Number(index) } : {}) });
    return { ...cfg, labels: { ...cfg.labels, ...labels } };
  }
  // Without its spec: exactly what the runtime says the old one ran.
  const env = old.env.map((e) => {
    const i = e.indexOf('=');
    return i < 0 ? { name: e, value: '' } : { name: e.slice(0, i), value: e.slice(i + 1) };
  });
  return {
    pod: { name: podName, namespace: POD_NAMESPACE, uid: uidOf(old, sandbox) },
    name: old.labels[LABEL_CONTAINER] ?? old.name,
    attempt,
    sandboxId: sandbox.id,
    image: old.image,
    command: old.command.length ? old.command : null,
    args: old.args.length ? old.args : null,
    env,
    sharePid: share.shareProcessNamespace,
    workingDir: old.workingDir || undefined,
    user: old.user || undefined,
    tty: old.tty,
    labels: { ...extraLabels(old.labels), ...labels },
  };
}

/** A new sandbox for the pod of `old` (SandboxChanged): same manifest and image, attempt `attempt`. */
export function nextSandboxConfig(old: SandboxStatus, attempt: number, labels: Record<string, string>): SandboxConfig {
  const spec = podSpecFromLabels(old.labels);
  if (spec) {
    const cfg = sandboxConfig(spec, uidOf(old), attempt, old.image);
    return { ...cfg, labels: { ...cfg.labels, ...labels } };
  }
  return {
    pod: { name: old.labels[LABEL_POD] ?? old.name, namespace: POD_NAMESPACE, uid: uidOf(old) },
    attempt,
    hostname: old.hostname,
    image: old.image,
    ports: old.ports,
    labels: { ...extraLabels(old.labels), ...labels },
  };
}
