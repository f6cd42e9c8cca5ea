// A manifest file's documents: its Pods, plus the ConfigMaps and Secrets they read (multi-document YAML, as
// `kubectl apply -f` takes them). DRA claims are accepted with a warning; other kinds are refused with what they need.
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

/** Objects of a cluster feature whose Pod side is accepted with a warning (spec.resourceClaims): kept out, said why. */
const WARNED_KINDS: Record<string, string> = {
  ResourceClaim: 'a cluster\'s DRA driver would allocate a device for this claim; podlab has no DRA driver, so the claim is not created and no device is attached',
  ResourceClaimTemplate: 'a cluster would make a ResourceClaim per pod from this template and its DRA driver would allocate the device; podlab has no DRA driver, so nothing is created and no device is attached',
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
  /** The Pod documents, in file order (one launch request takes exactly one; `podlab launch FILE` takes them all). */
  pods: unknown[];
  objects: ConfigObject[];
  errors: ManifestIssue[];
  warnings: string[];
}

const podName = (d: unknown): string => (isObj(d) && isObj(d.metadata) && typeof d.metadata.name === 'string' ? d.metadata.name : '?');

/** The error of a text that holds several Pods where one is expected (a launch request, --plain, --name). */
export function severalPodsError(pods: unknown[]): ManifestIssue {
  return { path: '', message: `the manifest holds ${pods.length} Pods (${pods.map(podName).join(', ')}); one launch request makes one Pod — \`podlab launch FILE\` and the launch dialog launch each of them` };
}

/** Picks the Pods and their ConfigMaps/Secrets out of the documents; refuses other kinds and a file without a Pod. */
export function splitDocuments(docs: unknown[]): Split {
  const errors: ManifestIssue[] = [];
  const warnings: string[] = [];
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
    else if (typeof kind === 'string' && WARNED_KINDS[kind]) warnings.push(`${at} (${kind} ${podName(d)}): ${WARNED_KINDS[kind]}`);
    else {
      const why = typeof kind === 'string' ? CLUSTER_KINDS[kind] ?? `podlab runs Pods (with their ConfigMaps and Secrets), not ${kind}` : 'kind must be a string';
      errors.push({ path: at, message: `not supported by podlab: kind ${JSON.stringify(kind)} — ${why}; remove this document` });
    }
  });
  if (pods.length === 0) errors.push({ path: '', message: 'the manifest holds no Pod — add a document with kind: Pod' });
  const seen = new Set<string>();
  for (const o of objects) {
    const key = `${o.kind}/${o.name}`;
    if (seen.has(key)) errors.push({ path: '', message: `${o.kind} "${o.name}" appears twice in the manifest — keep one` });
    seen.add(key);
  }
  return { pods, objects, errors, warnings };
}
