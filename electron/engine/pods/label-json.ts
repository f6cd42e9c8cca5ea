// JSON stored on container labels (the launch manifest, a container's spec), packed and unpacked — without the manifest
// validator, so the hands-on commands that only need a pod's container order (exec) do not load the YAML parser.
import { gunzipSync, gzipSync } from 'node:zlib';
import { LABEL_MANIFEST } from '../runtime/vocabulary';

/** Labels up to this size stay plain JSON (readable in `docker inspect`); larger ones are stored gzipped. */
export const PLAIN_LABEL_MAX = 4096;
const GZIP_PREFIX = 'gz:';
/** A stored label never unpacks to more than this (a forged label must not be a gzip bomb). */
const MAX_UNPACKED = 4 * 1024 * 1024;

/** kubectl's annotation naming the container that exec/logs use when -c is not given. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** JSON as a label value: plain when small, else "gz:" + base64(gzip(JSON)), so any accepted manifest fits. */
export function packLabel(value: unknown): string {
  const json = JSON.stringify(value);
  return json.length <= PLAIN_LABEL_MAX ? json : GZIP_PREFIX + gzipSync(json).toString('base64');
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

const field = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined);

/**
 * What kubectl's container defaulting needs from the sandbox's manifest label: the app containers' names in manifest
 * order and the default-container annotation. Read field by field (labels are outside data); anything malformed is
 * left out, never trusted.
 */
export function containerOrderFromLabels(labels: Record<string, string> | undefined): { names: string[]; defaultName: string | null } {
  const manifest = unpackLabel(labels?.[LABEL_MANIFEST]);
  const containers = field(field(manifest, 'spec'), 'containers');
  const names = Array.isArray(containers) ? containers.map((c) => field(c, 'name')).filter((n): n is string => typeof n === 'string') : [];
  const annotated = field(field(field(manifest, 'metadata'), 'annotations'), DEFAULT_CONTAINER_ANNOTATION);
  return { names, defaultName: typeof annotated === 'string' ? annotated : null };
}
