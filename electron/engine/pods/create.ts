// What a pod's sandbox and app containers are made of, from the manifest, in the runtime's vocabulary: the kubelet's
// side of RunPodSandbox / CreateContainer. Each runtime turns these into its own calls (Docker: runtime/docker/create.ts).
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { expandCommand } from '../../../shared/manifest/env';
import type { ContainerConfig, PortMapping, SandboxConfig } from '../runtime/runtime';
import { LABEL_MANIFEST, LABEL_SPEC, POD_NAMESPACE } from '../runtime/vocabulary';
import { LABEL_INIT_INDEX, LABEL_SIDECAR, podHostname, podKey } from './names';
import { containerSpecLabel, manifestLabel } from './spec';
import { containerMounts } from './volumes';

/** What only the launch knows when a container is created: its resolved environment and volume host paths. */
export interface RunFacts {
  /** `NAME=value` lines (valueFrom resolved); the literal env only when absent. */
  env?: string[];
  /** Runtime volume → host path, for subPath binds on runtimes that cannot mount a volume's sub-directory. */
  mountpoints?: Map<string, string>;
  /** The container's place in spec.initContainers, when it is one. */
  initIndex?: number;
}

/** The pod's sandbox: hostname and the published ports (only ports with a hostPort, like dockershim). */
export function sandboxConfig(spec: PodSpec, uid: string, attempt: number, image: string): SandboxConfig {
  const ports: PortMapping[] = spec.containers.flatMap((c) =>
    c.ports.filter((p) => p.hostPort).map((p) => ({ hostIp: p.hostIP ?? '', hostPort: p.hostPort!, containerPort: p.containerPort, protocol: p.protocol })),
  );
  const key = podKey(spec);
  return {
    pod: { name: spec.name, namespace: spec.namespace ?? POD_NAMESPACE, uid, ...(key !== spec.name ? { key } : {}) },
    attempt,
    hostname: podHostname(spec.name, spec.hostname),
    image,
    ports,
    labels: { [LABEL_MANIFEST]: manifestLabel(spec) },
    kube: { pod: spec },
  };
}

/** The pod a container belongs to: its spec (volumes, securityContext…) and, as `name`, its key (podKey). */
export type AppPod = Pick<PodSpec, 'name' | 'shareProcessNamespace'> & Partial<Omit<PodSpec, 'name' | 'shareProcessNamespace'>>;

/**
 * One app container (or init container, with `run.initIndex`), joined to the sandbox; its spec is kept on a label
 * so it is rediscovered (and restarted) as declared. `pod.name` may be the pod's key (namespace/name).
 */
export function appConfig(pod: AppPod, c: ContainerSpec, sandboxId: string, uid: string, attempt: number, run: RunFacts = {}): ContainerConfig {
  const name = pod.name.includes('/') ? pod.name.slice(pod.name.indexOf('/') + 1) : pod.name;
  const key = podKey({ name, namespace: pod.namespace });
  const envLines = run.env ?? (c.env ?? []).filter((e) => !e.valueFrom).map((e) => `${e.name}=${e.value}`);
  const init = run.initIndex !== undefined;
  return {
    pod: { name, namespace: pod.namespace ?? POD_NAMESPACE, uid, ...(key !== name ? { key } : {}) },
    name: c.name,
    attempt,
    sandboxId,
    image: c.image,
    // Kubernetes expands $(VAR) in command and args against the container's environment.
    command: expandCommand(c.command, envLines) ?? null,
    args: expandCommand(c.args, envLines) ?? null,
    env: envLines.map((l) => ({ name: l.slice(0, l.indexOf('=')), value: l.slice(l.indexOf('=') + 1) })),
    sharePid: pod.shareProcessNamespace,
    labels: {
      [LABEL_SPEC]: containerSpecLabel(c),
      ...(init ? { [LABEL_INIT_INDEX]: String(run.initIndex) } : {}),
      ...(c.restartPolicy === 'Always' ? { [LABEL_SIDECAR]: 'true' } : {}),
    },
    kube: { container: c, pod, mounts: containerMounts({ containers: [], ...pod } as PodSpec, c, uid, run.mountpoints), init: init && c.restartPolicy !== 'Always' },
  };
}
