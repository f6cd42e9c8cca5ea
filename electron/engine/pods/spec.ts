// Reads back the pod spec podlab stored on its containers' labels (validated again: labels are outside data).
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerToManifest, podToManifest } from '../../../shared/manifest/manifest';
import { validatePodObject } from '../../../shared/manifest/parse';
import { LABEL_MANIFEST } from '../../../shared/model';
import { LABEL_SPEC } from './names';

/** kubectl's annotation naming the container that exec/logs/attach use when -c is not given. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export function manifestLabel(spec: PodSpec): string {
  // Annotations (template descriptions) stay out: they are long and not part of what the engine runs — except the
  // default container, which podlab exec/logs honour like kubectl.
  const dflt = spec.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  return JSON.stringify(podToManifest({ ...spec, annotations: dflt ? { [DEFAULT_CONTAINER_ANNOTATION]: dflt } : undefined }));
}

export function containerSpecLabel(c: ContainerSpec): string {
  return JSON.stringify(containerToManifest(c));
}

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function podSpecFromLabels(labels: Record<string, string> | undefined): PodSpec | null {
  const obj = parseJson(labels?.[LABEL_MANIFEST]);
  if (obj === null) return null;
  const r = validatePodObject(obj);
  return r.ok ? r.pod : null;
}

export function containerSpecFromLabels(labels: Record<string, string> | undefined): ContainerSpec | null {
  const obj = parseJson(labels?.[LABEL_SPEC]);
  if (obj === null) return null;
  const r = validatePodObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [obj] } });
  return r.ok ? (r.pod.containers[0] ?? null) : null;
}
