// A manifest file's documents: exactly one Pod, plus the ConfigMaps and Secrets it reads (multi-document YAML, as
// `kubectl apply -f` takes them). Other kinds are refused with what they would need.
import type { ConfigObject, ManifestIssue } from './types';
import { decodeBase64Text } from './base64';
import { isObj, obj, onlyFields, type Ctx } from './fields';
import { dns1123SubdomainError, invalid, required } from './validate';

const CLUSTER_KINDS: Record<string, string> = {
  Service: 'a Service is programmed by kube-proxy on every node of a cluster',
  Deployment: 'a Deployment is run by a cluster\'s controllers — launch its pod template as a Pod',
  ReplicaSet: 'a ReplicaSet is run by a cluster\'s controllers — launch its pod template as a Pod',
  PersistentVolumeClaim: 'claims are bound by a cluster\'s volume controllers',
  PersistentVolume: 'volumes are bound by a cluster\'s volume controllers',
  Namespace: 'podlab makes namespaces as pods use them (metadata.namespace)',
};

const KEY = /^[-._a-zA-Z0-9]+$/;

/** base64 → text (UTF-8), for Secret data; null when it is not base64. */
const decodeBase64 = decodeBase64Text;

function dataMap(ctx: Ctx, v: unknown, path: string, base64: boolean, into: Record<string, string>): void {
  const o = obj(ctx, v, path, '{key: value}');
  if (!o) return;
  for (const [k, val] of Object.entries(o)) {
    if (!KEY.test(k)) ctx.errors.push(invalid(path, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    if (typeof val !== 'string') {
      ctx.errors.push(invalid(`${path}[${k}]`, val, 'must be a string (quote it in YAML)'));
      continue;
    }
    const text = base64 ? decodeBase64(val) : val;
    if (text === null) ctx.errors.push(invalid(`${path}[${k}]`, val, 'must be base64 (data of a Secret); use stringData for plain text'));
    else into[k] = text;
  }
}

/** One ConfigMap or Secret document (`at` names it in messages: "document 2"). */
export function parseConfigObject(doc: Record<string, unknown>, at: string): { object: ConfigObject | null; errors: ManifestIssue[] } {
  const ctx: Ctx = { errors: [], warnings: [] };
  const kind = doc.kind as 'ConfigMap' | 'Secret';
  const base = `${at} (${kind})`;
  onlyFields(ctx, doc, base, kind === 'Secret' ? ['apiVersion', 'kind', 'metadata', 'data', 'stringData', 'type', 'immutable'] : ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']);
  if (doc.apiVersion !== 'v1') ctx.errors.push(invalid(`${base}.apiVersion`, doc.apiVersion, `a ${kind} is apiVersion: v1`));
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!name) ctx.errors.push(required(`${base}.metadata.name`, `name the ${kind}`));
  else if (dns1123SubdomainError(name)) ctx.errors.push(invalid(`${base}.metadata.name`, name, dns1123SubdomainError(name)!));
  const data: Record<string, string> = {};
  dataMap(ctx, doc.data, `${base}.data`, kind === 'Secret', data);
  if (kind === 'Secret') dataMap(ctx, doc.stringData, `${base}.stringData`, false, data);
  else dataMap(ctx, doc.binaryData, `${base}.binaryData`, true, data);
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  const object: ConfigObject | null = name ? { kind, name, ...(namespace ? { namespace } : {}), data } : null;
  return { object: ctx.errors.length ? null : object, errors: ctx.errors };
}

export interface Split {
  pod: unknown;
  objects: ConfigObject[];
  errors: ManifestIssue[];
}

/** Picks the Pod and its ConfigMaps/Secrets out of the documents; refuses other kinds and more than one Pod. */
export function splitDocuments(docs: unknown[]): Split {
  const errors: ManifestIssue[] = [];
  const objects: ConfigObject[] = [];
  const pods: unknown[] = [];
  docs.forEach((d, i) => {
    if (d === null || d === undefined) return; // an empty document (two "---" in a row), as kubectl skips it
    const at = `document ${i + 1}`;
    const kind = isObj(d) ? d.kind : undefined;
    if (kind === 'ConfigMap' || kind === 'Secret') {
      const r = parseConfigObject(d as Record<string, unknown>, at);
      errors.push(...r.errors);
      if (r.object) objects.push(r.object);
    } else if (kind === 'Pod' || docs.length === 1 || kind === undefined) pods.push(d);
    else {
      const why = typeof kind === 'string' ? CLUSTER_KINDS[kind] ?? `podlab runs Pods (with their ConfigMaps and Secrets), not ${kind}` : 'kind must be a string';
      errors.push({ path: at, message: `not supported by podlab: kind ${JSON.stringify(kind)} — ${why}; remove this document` });
    }
  });
  if (pods.length !== 1) {
    errors.push({ path: '', message: pods.length ? `the manifest holds ${pods.length} Pods; podlab launches one Pod per manifest — keep one Pod (its ConfigMaps and Secrets may stay)` : 'the manifest holds no Pod — add a document with kind: Pod' });
  }
  const seen = new Set<string>();
  for (const o of objects) {
    const key = `${o.kind}/${o.name}`;
    if (seen.has(key)) errors.push({ path: '', message: `${o.kind} "${o.name}" appears twice in the manifest — keep one` });
    seen.add(key);
  }
  return { pod: pods[0], objects, errors };
}
