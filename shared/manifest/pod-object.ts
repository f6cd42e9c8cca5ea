// Validates an already-parsed Pod object like the API server would, for podlab's subset (docs/pods.md, "Manifests").
// Apart from the text reading (./parse.ts, with its YAML parser): a manifest read back from a pod's label is already
// an object, and the model's readers (`ls`, `snapshot`) load this without the YAML parser (~160 KB of their bundles).
import type { Protocol, RestartPolicy } from '../kube';
import type { ConfigObject, ContainerPortSpec, ContainerSpec, ManifestIssue, ParseResult, PodSpec } from './types';
import { dns1123LabelError, dns1123SubdomainError, invalid, isIP, labelValueError, portNameError, qualifiedNameError, quote, required, unsupportedValue } from './validate';
import { collectPortWarnings, duplicateHostPorts } from './ports';
import { isObj, onlyFields, str, strList, type Ctx } from './fields';
import { CONTAINER_FIELDS, parseContainerExtras, parseEnv, REFUSED_CONTAINER_FIELDS } from './container-extra';
import { generatedName, parseNamespace, parsePodExtras, POD_EXTRA_FIELDS } from './pod-extra';
import { checkReferences } from './refs';
import { imageReferenceError } from './image';

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
  onlyFields(ctx, v, path, ['containerPort', 'hostPort', 'hostIP', 'protocol', 'name', 'appProtocol']);
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
  const appProtocol = str(ctx, v.appProtocol, `${path}.appProtocol`);
  if (appProtocol) out.appProtocol = appProtocol;
  return out;
}

function parseContainer(ctx: Ctx, v: unknown, path: string, init = false): ContainerSpec | null {
  if (!isObj(v)) {
    ctx.errors.push(invalid(path, v, 'must be a map with at least name and image'));
    return null;
  }
  onlyFields(ctx, v, path, CONTAINER_FIELDS, REFUSED_CONTAINER_FIELDS);
  const extras = parseContainerExtras(ctx, v, path, init);
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
  return { ...out, ...extras };
}

type Meta = Pick<PodSpec, 'name' | 'labels' | 'annotations' | 'namespace' | 'generateName'>;

function parseMetadata(ctx: Ctx, v: unknown): Meta | null {
  if (!isObj(v)) {
    ctx.errors.push(required('metadata', 'add metadata: {name: my-pod}'));
    return null;
  }
  onlyFields(ctx, v, 'metadata', ['name', 'generateName', 'namespace', 'labels', 'annotations']);
  const namespace = parseNamespace(ctx, v.namespace);
  const generateName = str(ctx, v.generateName, 'metadata.generateName');
  if (generateName && dns1123SubdomainError(`${generateName}a`)) ctx.errors.push(invalid('metadata.generateName', generateName, dns1123SubdomainError(`${generateName}a`)!));
  // kubectl create makes the name from generateName (the API server appends five random characters).
  const name = str(ctx, v.name, 'metadata.name') || (generateName ? generatedName(generateName) : undefined);
  if (name === undefined || name === '') ctx.errors.push(required('metadata.name', 'name or generateName is required — set metadata.name, e.g. "web"'));
  else {
    const err = dns1123SubdomainError(name);
    if (err) ctx.errors.push(invalid('metadata.name', name, err));
  }
  const labels = stringMap(ctx, v.labels, 'metadata.labels', true);
  const annotations = stringMap(ctx, v.annotations, 'metadata.annotations', false);
  if (!name) return null;
  const out: Meta = Object.keys(annotations).length ? { name, labels, annotations } : { name, labels };
  if (namespace && namespace !== 'default') out.namespace = namespace;
  if (generateName) out.generateName = generateName;
  return out;
}

type Spec = Omit<PodSpec, keyof Meta>;

/** spec.initContainers: run in order before the app containers; names share one space with the containers. */
function parseInitContainers(ctx: Ctx, v: unknown, seen: Set<string>): ContainerSpec[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    ctx.errors.push(invalid('spec.initContainers', v, 'must be a list like [{name: setup, image: busybox, command: [...]}]'));
    return [];
  }
  const out: ContainerSpec[] = [];
  v.forEach((c, i) => {
    const parsed = parseContainer(ctx, c, `spec.initContainers[${i}]`, true);
    if (!parsed) return;
    if (seen.has(parsed.name)) ctx.errors.push({ path: `spec.initContainers[${i}].name`, message: `Duplicate value: ${quote(parsed.name)} — give each container its own name` });
    seen.add(parsed.name);
    out.push(parsed);
  });
  return out;
}

function parseSpec(ctx: Ctx, v: unknown): Spec | null {
  if (!isObj(v)) {
    ctx.errors.push(required('spec', 'add spec: {containers: [...]}'));
    return null;
  }
  onlyFields(ctx, v, 'spec', ['containers', 'restartPolicy', 'shareProcessNamespace', 'hostname', ...POD_EXTRA_FIELDS]);
  const names = new Set<string>();
  const initContainers = parseInitContainers(ctx, v.initContainers, names);
  const extras = parsePodExtras(ctx, v);
  const containers: ContainerSpec[] = [];
  if (!Array.isArray(v.containers) || v.containers.length === 0) {
    ctx.errors.push(required('spec.containers', 'a pod needs at least one container: add spec.containers: [{name: web, image: busybox}]'));
  } else {
    const seen = names;
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
  const out: Spec = { restartPolicy, shareProcessNamespace, containers, ...extras };
  if (hostname) out.hostname = hostname;
  if (initContainers.length) out.initContainers = initContainers;
  return out;
}

/** At most this many errors are reported; a 24k-key map of bad labels is one mistake to fix, not 24k lines. */
export const MAX_ISSUES = 50;

function capped(errors: ManifestIssue[]): ManifestIssue[] {
  if (errors.length <= MAX_ISSUES) return errors;
  return [...errors.slice(0, MAX_ISSUES), { path: '', message: `… and ${errors.length - MAX_ISSUES} more errors like these; fix the ones above first` }];
}

/**
 * Validates an already-parsed manifest object (a v1 Pod); `objects`: the ConfigMaps/Secrets documents beside it.
 * `references: false` skips the cross-reference checks — for a manifest read back from a running pod's labels,
 * checked when it was launched (its ConfigMaps and Secrets are not kept there).
 */
export function validatePodObject(doc: unknown, objects: ConfigObject[] = [], references = true): ParseResult {
  const ctx: Ctx = { errors: [], warnings: [] };
  if (!isObj(doc)) {
    return { ok: false, errors: [{ path: '', message: 'the manifest must be a Kubernetes Pod object (apiVersion: v1, kind: Pod, metadata, spec)' }], warnings: [] };
  }
  onlyFields(ctx, doc, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  if (doc.status !== undefined) ctx.warnings.push('status: written by the kubelet, never by a manifest; the API server drops it on create and so does podlab');
  if (doc.apiVersion === undefined) ctx.errors.push(required('apiVersion', 'add apiVersion: v1'));
  else if (doc.apiVersion !== 'v1') ctx.errors.push(unsupportedValue('apiVersion', doc.apiVersion, ['v1'], ' — a Pod is apiVersion: v1'));
  if (doc.kind === undefined) ctx.errors.push(required('kind', 'add kind: Pod'));
  else if (doc.kind !== 'Pod') ctx.errors.push(unsupportedValue('kind', doc.kind, ['Pod'], ' — podlab launches single Pods (not Deployments etc.)'));
  const meta = parseMetadata(ctx, doc.metadata);
  const spec = parseSpec(ctx, doc.spec);
  if (ctx.errors.length || !meta || !spec) return { ok: false, errors: capped(ctx.errors), warnings: ctx.warnings.slice(0, MAX_ISSUES) };
  const pod: PodSpec = { ...meta, ...spec };
  const refErrors = references ? checkReferences(pod, objects) : [];
  if (refErrors.length) return { ok: false, errors: capped(refErrors), warnings: ctx.warnings };
  return objects.length ? { ok: true, pod, warnings: ctx.warnings, objects } : { ok: true, pod, warnings: ctx.warnings };
}

