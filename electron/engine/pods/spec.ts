// Reads back the pod spec podlab stored on its containers' labels (validated again: labels are outside data).
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerToManifest, podToManifest } from '../../../shared/manifest/manifest';
import { validatePodObject } from '../../../shared/manifest/pod-object';
import { LABEL_MANIFEST, LABEL_SPEC } from '../runtime/vocabulary';
import { DEFAULT_CONTAINER_ANNOTATION, packLabel, unpackLabel } from './label-json';

export { DEFAULT_CONTAINER_ANNOTATION, PLAIN_LABEL_MAX, packLabel, unpackLabel } from './label-json';

export function manifestLabel(spec: PodSpec): string {
  // Annotations (template descriptions) stay out: they are long and not part of what the engine runs — except the
  // default container, which podlab exec/logs honour like kubectl.
  const dflt = spec.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  return packLabel(podToManifest({ ...spec, annotations: dflt ? { [DEFAULT_CONTAINER_ANNOTATION]: dflt } : undefined }));
}

export function containerSpecLabel(c: ContainerSpec): string {
  return packLabel(containerToManifest(c));
}

export function podSpecFromLabels(labels: Record<string, string> | undefined): PodSpec | null {
  const obj = unpackLabel(labels?.[LABEL_MANIFEST]);
  if (obj === null) return null;
  const r = validatePodObject(obj, [], false);
  return r.ok ? r.pod : null;
}

/** Reads a pod's stored manifest as podSpecFromLabels does, each distinct label text once (for one model build only). */
export type SpecReader = (labels: Record<string, string> | undefined) => PodSpec | null;

export function specReader(): SpecReader {
  const seen = new Map<string, PodSpec | null>();
  return (labels) => {
    const text = labels?.[LABEL_MANIFEST];
    if (text === undefined) return null;
    if (!seen.has(text)) seen.set(text, podSpecFromLabels(labels));
    return seen.get(text) ?? null;
  };
}

export function containerSpecFromLabels(labels: Record<string, string> | undefined): ContainerSpec | null {
  const obj = unpackLabel(labels?.[LABEL_SPEC]);
  if (obj === null) return null;
  // A native sidecar is only valid as an init container: read it back as one.
  const sidecar = typeof obj === 'object' && (obj as { restartPolicy?: unknown }).restartPolicy === 'Always';
  const spec = sidecar ? { initContainers: [obj], containers: [{ name: 'x-podlab', image: 'x' }] } : { containers: [obj] };
  const r = validatePodObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec }, [], false);
  return r.ok ? ((sidecar ? r.pod.initContainers?.[0] : r.pod.containers[0]) ?? null) : null;
}
