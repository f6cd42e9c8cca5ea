// Reads back the pod spec podlab stored on its containers' labels (validated again: labels are outside data).
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerToManifest, podToManifest } from '../../../shared/manifest/manifest';
import { validatePodObject } from '../../../shared/manifest/parse';
import { LABEL_MANIFEST, LABEL_SPEC } from '../runtime/vocabulary';

/** Labels up to this size stay plain JSON (readable in `docker inspect`); larger ones are stored gzipped. */
export const PLAIN_LABEL_MAX = 4096;
const GZIP_PREFIX = 'gz:';
/** A stored label never unpacks to more than this (a forged label must not be a gzip bomb). */
const MAX_UNPACKED = 4 * 1024 * 1024;

/** JSON as a label value: plain when small, else "gz:" + base64(gzip(JSON)), so any accepted manifest fits. */
export function packLabel(value: unknown): string {
  const json = JSON.stringify(value);
  return json.length <= PLAIN_LABEL_MAX ? json : GZIP_PREFIX + gzipSync(json).toString('base64');
}

/** kubectl's annotation naming the container that exec/logs use when -c is not given. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export function manifestLabel(spec: PodSpec): string {
  // Annotations (template descriptions) stay out: they are long and not part of what the engine runs — except the
  // default container, which podlab exec/logs honour like kubectl.
  const dflt = spec.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  return packLabel(podToManifest({ ...spec, annotations: dflt ? { [DEFAULT_CONTAINER_ANNOTATION]: dflt } : undefined }));
}

export function containerSpecLabel(c: ContainerSpec): string {
  return packLabel(containerToManifest(c));
}

/** Reads a label written by packLabel, or by podlab versions that stored plain JSON; null when it is neither. */
export function unpackLabel(text: string | undefined): unknown {
  if (!text) return null;
  try {
    const json = text.startsWith(GZIP_PREFIX) ? gunzipSync(Buffer.from(text.slice(GZIP_PREFIX.length), 'base64'), { maxOutputLength: MAX_UNPACKED }).toString('utf8') : text;
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function podSpecFromLabels(labels: Record<string, string> | undefined): PodSpec | null {
  const obj = unpackLabel(labels?.[LABEL_MANIFEST]);
  if (obj === null) return null;
  const r = validatePodObject(obj);
  return r.ok ? r.pod : null;
}

export function containerSpecFromLabels(labels: Record<string, string> | undefined): ContainerSpec | null {
  const obj = unpackLabel(labels?.[LABEL_SPEC]);
  if (obj === null) return null;
  const r = validatePodObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [obj] } });
  return r.ok ? (r.pod.containers[0] ?? null) : null;
}
