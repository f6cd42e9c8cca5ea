// Reads back the pod spec podlab stored on its containers' labels (validated again: labels are outside data).
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerToManifest, podToManifest } from '../../../shared/manifest/manifest';
import { validatePodObject } from '../../../shared/manifest/parse';
import { LABEL_MANIFEST } from '../../../shared/model';
import { LABEL_SPEC } from './names';

export function manifestLabel(spec: PodSpec): string {
  // Annotations (template descriptions) stay out: they are long and not part of what the engine runs.
  return JSON.stringify(podToManifest({ ...spec, annotations: undefined }));
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
  const r = validatePodObject(obj, [], false);
  return r.ok ? r.pod : null;
}

export function containerSpecFromLabels(labels: Record<string, string> | undefined): ContainerSpec | null {
  const obj = parseJson(labels?.[LABEL_SPEC]);
  if (obj === null) return null;
  // A native sidecar is only valid as an init container: read it back as one.
  const sidecar = typeof obj === 'object' && (obj as { restartPolicy?: unknown }).restartPolicy === 'Always';
  const spec = sidecar ? { initContainers: [obj], containers: [{ name: 'x-podlab', image: 'x' }] } : { containers: [obj] };
  const r = validatePodObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec }, [], false);
  return r.ok ? ((sidecar ? r.pod.initContainers?.[0] : r.pod.containers[0]) ?? null) : null;
}
