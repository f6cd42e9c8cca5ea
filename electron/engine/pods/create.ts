// What a pod's sandbox and app containers are made of, from the manifest, in the runtime's vocabulary: the kubelet's
// side of RunPodSandbox / CreateContainer. Each runtime turns these into its own calls (Docker: runtime/docker/create.ts).
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import type { ContainerConfig, PortMapping, SandboxConfig } from '../runtime/runtime';
import { LABEL_MANIFEST, LABEL_SPEC, POD_NAMESPACE } from '../runtime/vocabulary';
import { podHostname } from './names';
import { containerSpecLabel, manifestLabel } from './spec';

/** The pod's sandbox: hostname and the published ports (only ports with a hostPort, like dockershim). */
export function sandboxConfig(spec: PodSpec, uid: string, attempt: number, image: string): SandboxConfig {
  const ports: PortMapping[] = spec.containers.flatMap((c) =>
    c.ports.filter((p) => p.hostPort).map((p) => ({ hostIp: p.hostIP ?? '', hostPort: p.hostPort!, containerPort: p.containerPort, protocol: p.protocol })),
  );
  return {
    pod: { name: spec.name, namespace: POD_NAMESPACE, uid },
    attempt,
    hostname: podHostname(spec.name, spec.hostname),
    image,
    ports,
    labels: { [LABEL_MANIFEST]: manifestLabel(spec) },
  };
}

/** One app container, joined to the sandbox; its spec is kept on a label so it is rediscovered (and restarted) as declared. */
export function appConfig(pod: { name: string; shareProcessNamespace: boolean }, c: ContainerSpec, sandboxId: string, uid: string, attempt: number): ContainerConfig {
  return {
    pod: { name: pod.name, namespace: POD_NAMESPACE, uid },
    name: c.name,
    attempt,
    sandboxId,
    image: c.image,
    command: c.command ?? null,
    args: c.args ?? null,
    env: c.env ?? [],
    sharePid: pod.shareProcessNamespace,
    labels: { [LABEL_SPEC]: containerSpecLabel(c) },
  };
}
