// Parses and validates a Pod manifest (YAML or JSON) like the API server would, for podlab's subset
// (docs/pods.md, "Manifests"). Pure: used by the CLI, the launch dialog and the engine alike.
import { isAlias, visit } from 'yaml';
import type { Protocol, RestartPolicy } from '../kube';
import type { ContainerPortSpec, ContainerSpec, EnvVarSpec, ManifestIssue, ParseResult, PodSpec } from './types';
import {
  dns1123LabelError,
  dns1123SubdomainError,
  invalid,
  isIP,
  labelValueError,
  notSupported,
  portNameError,
  qualifiedNameError,
  quote,
  required,
  unsupportedValue,
} from './validate';
import { collectPortWarnings, duplicateHostPorts } from './ports';
import { parseYamlBounded } from './yaml-bounded';
import { imageReferenceError } from './image';

/** Manifests larger than this are refused before parsing. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

type Obj = Record<string, unknown>;

interface Ctx {
  errors: ManifestIssue[];
  warnings: string[];
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Flags every key of `o` not in `allowed` as "not supported by podlab: <path>". */
function onlyFields(ctx: Ctx, o: Obj, path: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) ctx.errors.push(notSupported(path ? `${path}.${k}` : k));
}

function str(ctx: Ctx, v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    ctx.errors.push(invalid(path, v, 'must be a string (quote it in YAML)'));
    return undefined;
  }
  return v;
}

function strList(ctx: Ctx, v: unknown, path: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    ctx.errors.push(invalid(path, v, 'must be a list of strings, e.g. ["sh", "-c", "echo hi"]'));
    return undefined;
  }
  return v.map((item, i) => str(ctx, item, `${path}[${i}]`) ?? '');
}

function port(ctx: Ctx, v: unknown, path: string, isRequired: boolean): number | undefined {
  if (v === undefined || v === null) {
    if (isRequired) ctx.errors.push(required(path, 'set the port number the process listens on (1-65535)'));
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    ctx.errors.push(invalid(path, v, 'must be an integer between 1 and 65535, inclusive (write it without quotes)'));
    return undefined;
  }
  if (v < 1 || v > 65535) {
    if (v === 0 && !isRequired) return undefined; // hostPort: 0 means "not published", as in Kubernetes
    ctx.errors.push(invalid(path, v, 'must be between 1 and 65535, inclusive'));
    return undefined;
  }
  return v;
}

function stringMap(ctx: Ctx, v: unknown, path: string, checkValue: boolean): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) {
    ctx.errors.push(invalid(path, v, 'must be a map of string keys to string values'));
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    const keyErr = qualifiedNameError(k);
    if (keyErr) ctx.errors.push(invalid(path, k, keyErr));
    if (typeof val !== 'string') {
      ctx.errors.push(invalid(`${path}[${k}]`, val, 'must be a string (quote it in YAML)'));
      continue;
    }
    const valErr = checkValue ? labelValueError(val) : null;
    if (valErr) ctx.errors.push(invalid(`${path}[${k}]`, val, valErr));
    out[k] = val;
  }
  return out;
}

function parsePort(ctx: Ctx, v: unknown, path: string): ContainerPortSpec | null {
  if (!isObj(v)) {
    ctx.errors.push(invalid(path, v, 'must be a map like {containerPort: 80, protocol: TCP}'));
    return null;
  }
  onlyFields(ctx, v, path, ['containerPort', 'hostPort', 'hostIP', 'protocol', 'name']);
  const containerPort = port(ctx, v.containerPort, `${path}.containerPort`, true);
  const hostPort = port(ctx, v.hostPort, `${path}.hostPort`, false);
  const hostIP = str(ctx, v.hostIP, `${path}.hostIP`);
  if (hostIP !== undefined && hostIP !== '' && !isIP(hostIP)) ctx.errors.push(invalid(`${path}.hostIP`, hostIP, 'must be a valid IP address, e.g. 127.0.0.1'));
  const rawProto = v.protocol ?? 'TCP';
  let protocol: Protocol = 'tcp';
  if (rawProto === 'TCP' || rawProto === 'UDP') protocol = rawProto === 'TCP' ? 'tcp' : 'udp';
  else if (rawProto === 'SCTP') ctx.errors.push({ path: `${path}.protocol`, message: `not supported by podlab: ${path}.protocol "SCTP" — use TCP or UDP` });
  else ctx.errors.push(unsupportedValue(`${path}.protocol`, rawProto, ['SCTP', 'TCP', 'UDP'], ' (podlab runs TCP and UDP; protocol names are upper case)'));
  const name = str(ctx, v.name, `${path}.name`);
  if (name !== undefined) {
    const err = portNameError(name);
    if (err) ctx.errors.push(invalid(`${path}.name`, name, err));
  }
  if (containerPort === undefined) return null;
  const out: ContainerPortSpec = { containerPort, protocol };
  if (hostPort !== undefined) out.hostPort = hostPort;
  if (hostIP) out.hostIP = hostIP;
  if (name !== undefined) out.name = name;
  return out;
}

function parseEnv(ctx: Ctx, v: unknown, path: string): EnvVarSpec[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    ctx.errors.push(invalid(path, v, 'must be a list like [{name: GREETING, value: hello}]'));
    return undefined;
  }
  const out: EnvVarSpec[] = [];
  v.forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(e)) {
      ctx.errors.push(invalid(p, e, 'must be a map like {name: GREETING, value: hello}'));
      return;
    }
    onlyFields(ctx, e, p, ['name', 'value']);
    const name = str(ctx, e.name, `${p}.name`);
    if (name === undefined || name === '') ctx.errors.push(required(`${p}.name`, 'give the variable a name'));
    else if (name.includes('=')) ctx.errors.push(invalid(`${p}.name`, name, "must not contain '='"));
    const value = str(ctx, e.value, `${p}.value`) ?? '';
    if (name) out.push({ name, value });
  });
  return out;
}

function parseContainer(ctx: Ctx, v: unknown, path: string): ContainerSpec | null {
  if (!isObj(v)) {
    ctx.errors.push(invalid(path, v, 'must be a map with at least name and image'));
    return null;
  }
  onlyFields(ctx, v, path, ['name', 'image', 'command', 'args', 'env', 'ports']);
  const name = str(ctx, v.name, `${path}.name`);
  if (name === undefined || name === '') ctx.errors.push(required(`${path}.name`, 'give the container a name, e.g. "web"'));
  else {
    const err = dns1123LabelError(name);
    if (err) ctx.errors.push(invalid(`${path}.name`, name, err));
  }
  const image = str(ctx, v.image, `${path}.image`);
  if (image === undefined || image.trim() === '') ctx.errors.push(required(`${path}.image`, 'set the image to run, e.g. "busybox"'));
  else if (image !== image.trim()) ctx.errors.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  else {
    const err = imageReferenceError(image);
    if (err) ctx.errors.push(invalid(`${path}.image`, image, `${err} (a kubelet would report InvalidImageName)`));
  }
  const command = strList(ctx, v.command, `${path}.command`);
  const args = strList(ctx, v.args, `${path}.args`);
  const env = parseEnv(ctx, v.env, `${path}.env`);
  const ports: ContainerPortSpec[] = [];
  if (v.ports !== undefined && v.ports !== null) {
    if (!Array.isArray(v.ports)) ctx.errors.push(invalid(`${path}.ports`, v.ports, 'must be a list like [{containerPort: 80}]'));
    else {
      const names = new Set<string>();
      v.ports.forEach((p, i) => {
        const parsed = parsePort(ctx, p, `${path}.ports[${i}]`);
        if (!parsed) return;
        if (parsed.name !== undefined) {
          if (names.has(parsed.name)) ctx.errors.push({ path: `${path}.ports[${i}].name`, message: `Duplicate value: ${quote(parsed.name)}` });
          names.add(parsed.name);
        }
        ports.push(parsed);
      });
    }
  }
  if (!name || !image) return null;
  const out: ContainerSpec = { name, image, ports };
  if (command) out.command = command;
  if (args) out.args = args;
  if (env) out.env = env;
  return out;
}

function parseMetadata(ctx: Ctx, v: unknown): Pick<PodSpec, 'name' | 'labels' | 'annotations'> | null {
  if (!isObj(v)) {
    ctx.errors.push(required('metadata', 'add metadata: {name: my-pod}'));
    return null;
  }
  onlyFields(ctx, v, 'metadata', ['name', 'namespace', 'labels', 'annotations']);
  if (v.namespace !== undefined && v.namespace !== 'default') {
    ctx.errors.push({ path: 'metadata.namespace', message: `not supported by podlab: metadata.namespace ${quote(v.namespace)} — podlab runs every pod in "default"; remove the field` });
  }
  const name = str(ctx, v.name, 'metadata.name');
  if (name === undefined || name === '') ctx.errors.push(required('metadata.name', 'name or generateName is required — set metadata.name, e.g. "web"'));
  else {
    const err = dns1123SubdomainError(name);
    if (err) ctx.errors.push(invalid('metadata.name', name, err));
  }
  const labels = stringMap(ctx, v.labels, 'metadata.labels', true);
  const annotations = stringMap(ctx, v.annotations, 'metadata.annotations', false);
  if (!name) return null;
  return Object.keys(annotations).length ? { name, labels, annotations } : { name, labels };
}

function parseSpec(ctx: Ctx, v: unknown): Omit<PodSpec, 'name' | 'labels' | 'annotations'> | null {
  if (!isObj(v)) {
    ctx.errors.push(required('spec', 'add spec: {containers: [...]}'));
    return null;
  }
  onlyFields(ctx, v, 'spec', ['containers', 'restartPolicy', 'shareProcessNamespace', 'hostname']);
  const containers: ContainerSpec[] = [];
  if (!Array.isArray(v.containers) || v.containers.length === 0) {
    ctx.errors.push(required('spec.containers', 'a pod needs at least one container: add spec.containers: [{name: web, image: busybox}]'));
  } else {
    const seen = new Set<string>();
    v.containers.forEach((c, i) => {
      const parsed = parseContainer(ctx, c, `spec.containers[${i}]`);
      if (!parsed) return;
      if (seen.has(parsed.name)) ctx.errors.push({ path: `spec.containers[${i}].name`, message: `Duplicate value: ${quote(parsed.name)} — give each container its own name` });
      seen.add(parsed.name);
      containers.push(parsed);
    });
    if (containers.length === v.containers.length) {
      ctx.errors.push(...duplicateHostPorts(containers));
      ctx.warnings.push(...collectPortWarnings(containers));
    }
  }
  let restartPolicy: RestartPolicy = 'Always';
  if (v.restartPolicy !== undefined) {
    if (v.restartPolicy === 'Always' || v.restartPolicy === 'OnFailure' || v.restartPolicy === 'Never') restartPolicy = v.restartPolicy;
    else ctx.errors.push(unsupportedValue('spec.restartPolicy', v.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  let shareProcessNamespace = false;
  if (v.shareProcessNamespace !== undefined) {
    if (typeof v.shareProcessNamespace === 'boolean') shareProcessNamespace = v.shareProcessNamespace;
    else ctx.errors.push(invalid('spec.shareProcessNamespace', v.shareProcessNamespace, 'must be true or false'));
  }
  const hostname = str(ctx, v.hostname, 'spec.hostname');
  if (hostname !== undefined) {
    const err = dns1123LabelError(hostname);
    if (err) ctx.errors.push(invalid('spec.hostname', hostname, err));
  }
  const out: Omit<PodSpec, 'name' | 'labels' | 'annotations'> = { restartPolicy, shareProcessNamespace, containers };
  if (hostname) out.hostname = hostname;
  return out;
}

/** At most this many errors are reported; a 24k-key map of bad labels is one mistake to fix, not 24k lines. */
export const MAX_ISSUES = 50;

function capped(errors: ManifestIssue[]): ManifestIssue[] {
  if (errors.length <= MAX_ISSUES) return errors;
  return [...errors.slice(0, MAX_ISSUES), { path: '', message: `… and ${errors.length - MAX_ISSUES} more errors like these; fix the ones above first` }];
}

/** Validates an already-parsed manifest object (a v1 Pod). */
export function validatePodObject(doc: unknown): ParseResult {
  const ctx: Ctx = { errors: [], warnings: [] };
  if (!isObj(doc)) {
    return { ok: false, errors: [{ path: '', message: 'the manifest must be a Kubernetes Pod object (apiVersion: v1, kind: Pod, metadata, spec)' }], warnings: [] };
  }
  onlyFields(ctx, doc, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  if (doc.apiVersion === undefined) ctx.errors.push(required('apiVersion', 'add apiVersion: v1'));
  else if (doc.apiVersion !== 'v1') ctx.errors.push(unsupportedValue('apiVersion', doc.apiVersion, ['v1'], ' — a Pod is apiVersion: v1'));
  if (doc.kind === undefined) ctx.errors.push(required('kind', 'add kind: Pod'));
  else if (doc.kind !== 'Pod') ctx.errors.push(unsupportedValue('kind', doc.kind, ['Pod'], ' — podlab launches single Pods (not Deployments etc.)'));
  const meta = parseMetadata(ctx, doc.metadata);
  const spec = parseSpec(ctx, doc.spec);
  if (ctx.errors.length || !meta || !spec) return { ok: false, errors: capped(ctx.errors), warnings: ctx.warnings.slice(0, MAX_ISSUES) };
  return { ok: true, pod: { ...meta, ...spec }, warnings: ctx.warnings };
}

/** The text's size in UTF-8 bytes (as TextEncoder counts, lone surrogates as U+FFFD), without a platform API. */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The last text parsed and its result: a CLI launch validates the manifest, then the engine launches the same text. */
let last: { text: string; result: ParseResult } | null = null;

/**
 * Parses YAML or JSON text (JSON is YAML) into a validated PodSpec; refuses oversize input and YAML aliases. The
 * result is shared with the next caller of the same text: never change it.
 */
export function parseManifest(text: string): ParseResult {
  if (last?.text === text) return last.result;
  const result = parseManifestText(text);
  last = { text, result };
  return result;
}

function parseManifestText(text: string): ParseResult {
  const fail = (message: string, path = ''): ParseResult => ({ ok: false, errors: [{ path, message }], warnings: [] });
  if (typeof text !== 'string') return fail('the manifest must be text (YAML or JSON)');
  const bytes = utf8Length(text);
  if (bytes > MAX_MANIFEST_BYTES) return fail(`the manifest is ${bytes} bytes; podlab accepts at most ${MAX_MANIFEST_BYTES} bytes (256 KiB) — a Pod manifest is much smaller`);
  // UTF-16 read as UTF-8 leaves a NUL between ASCII letters: say the encoding, not "not a Pod object".
  if (text.includes('\u0000')) return fail('the manifest is not UTF-8 text (it contains NUL characters — UTF-16?); save it as UTF-8 and try again');
  if (text.trim() === '') return fail('the manifest is empty — paste a Pod manifest (apiVersion: v1, kind: Pod)');
  const parsed = parseYamlBounded(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.problem;
    return fail(`not valid YAML or JSON: ${message} at line ${line}, column ${column} — fix the syntax`);
  }
  const real = parsed.docs.filter((d) => d.contents !== null);
  if (real.length !== 1) return fail(`the manifest holds ${real.length} documents; podlab launches one Pod per manifest — keep one document`);
  const doc = real[0];
  let aliases = 0;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) aliases += 1;
    },
  });
  if (aliases > 0) return fail('YAML aliases (*name) are not supported by podlab — write the values out in full');
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    return fail(`not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return validatePodObject(value);
}
