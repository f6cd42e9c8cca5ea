// Pods out as Kubernetes v1 Pod manifest YAML (`podlab export`, the UI's "export manifest"): the manifest relaunches
// the same pod with podlab or kubectl. podlab-only details (io.podlab.* labels/annotations) are dropped.
import { stringify } from 'yaml';
import type { PodModel } from '../model';
import { podToManifest } from './manifest';
import type { ContainerSpec, PodSpec } from './types';

const PODLAB_KEY = /^(io\.)?podlab[./]/;

function withoutPodlabKeys(m: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => !PODLAB_KEY.test(k)));
}

/** `spec` without podlab-only labels and annotations. */
export function cleanSpec(spec: PodSpec): PodSpec {
  const out: PodSpec = { ...spec, labels: withoutPodlabKeys(spec.labels) };
  const ann = withoutPodlabKeys(spec.annotations);
  if (Object.keys(ann).length) out.annotations = ann;
  else delete out.annotations;
  return out;
}

/**
 * A best-effort spec from the live model, for pods whose launch manifest is unknown: images as running,
 * declared container ports, and the sandbox's published ports mapped back to the container declaring them.
 * Commands are unknown to the model, so images run their default command.
 */
export function specFromModel(pod: PodModel): PodSpec {
  const containers: ContainerSpec[] = pod.containers.map((c) => ({
    name: c.name,
    image: c.image,
    ports: (c.ports ?? []).map((p) => {
      const pub = pod.ports.find((q) => q.containerPort === p.containerPort && q.protocol === p.protocol);
      const port: ContainerSpec['ports'][number] = { containerPort: p.containerPort, protocol: p.protocol };
      if (p.name) port.name = p.name;
      if (pub) port.hostPort = pub.hostPort;
      if (pub && pub.hostIp && pub.hostIp !== '0.0.0.0' && pub.hostIp !== '::') port.hostIP = pub.hostIp;
      return port;
    }),
  }));
  const spec: PodSpec = {
    name: pod.name,
    labels: withoutPodlabKeys(pod.labels),
    restartPolicy: pod.restartPolicy ?? 'Always',
    shareProcessNamespace: pod.shareProcessNamespace ?? false,
    containers,
  };
  if (pod.hostname && pod.hostname !== pod.name) spec.hostname = pod.hostname;
  return spec;
}

export interface EmitOptions {
  /** Comment lines put above the manifest (without "# "), e.g. where and when it was exported. */
  comment?: string[];
}

/** The pod as Kubernetes v1 Pod manifest YAML, ready for `podlab launch <file>` or `kubectl apply -f`. */
export function emitManifest(spec: PodSpec, opts: EmitOptions = {}): string {
  const body = stringify(podToManifest(cleanSpec(spec)), { lineWidth: 0 });
  const header = (opts.comment ?? []).map((l) => `# ${l}`.trimEnd()).join('\n');
  return header ? `${header}\n${body}` : body;
}
