// The container fields beyond name/image/command/args/ports: env sources, mounts, resources, securityContext, probes,
// lifecycle… validated with their Kubernetes field paths (the pod-level ones live in pod-extra.ts).
import type { ContainerExtras, EnvFromSpec, EnvVarSource, EnvVarSpec, ResourcesSpec, VolumeMountSpec } from './types';
import { bool, isObj, list, noDuplicates, obj, oneOf, onlyFields, str, type Ctx, type Obj } from './fields';
import { parseLifecycle, parseProbe } from './probes';
import { parseSecurityContext } from './security';
import { parseQuantity, QUANTITY_HINT } from './quantity';
import { absolutePathReason, invalid, required } from './validate';

/** Every container field podlab reads; anything else is refused or unknown (see REFUSED_CONTAINER_FIELDS). */
export const CONTAINER_FIELDS = [
  'name', 'image', 'command', 'args', 'env', 'ports', 'envFrom', 'volumeMounts', 'resources', 'securityContext',
  'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'imagePullPolicy', 'workingDir', 'stdin',
  'stdinOnce', 'tty', 'terminationMessagePath', 'terminationMessagePolicy', 'resizePolicy', 'restartPolicy',
  'restartPolicyRules',
] as const;

export const REFUSED_CONTAINER_FIELDS: Record<string, string> = {
  volumeDevices: 'raw block devices come from PersistentVolumeClaims, which need a cluster; use volumeMounts',
};

function keyRef(ctx: Ctx, v: unknown, path: string): { name: string; key: string; optional?: boolean } | null {
  const o = obj(ctx, v, path, '{name: my-config, key: greeting}');
  if (!o) return null;
  onlyFields(ctx, o, path, ['name', 'key', 'optional']);
  const name = str(ctx, o.name, `${path}.name`);
  const key = str(ctx, o.key, `${path}.key`);
  if (!name) ctx.errors.push(required(`${path}.name`, 'name the ConfigMap or Secret'));
  if (!key) ctx.errors.push(required(`${path}.key`, 'name the key to read'));
  const optional = bool(ctx, o.optional, `${path}.optional`);
  return name && key ? { name, key, ...(optional !== undefined ? { optional } : {}) } : null;
}

const FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];

/** `metadata.labels['app']`-style paths are allowed too, as in the downward API. */
export function fieldPathError(p: string, inVolume: boolean): string | null {
  if (FIELD_PATHS.includes(p) || /^metadata\.(labels|annotations)\['[^']+'\]$/.test(p)) return null;
  if (inVolume && (p === 'metadata.labels' || p === 'metadata.annotations')) return null;
  return `supported values: ${[...FIELD_PATHS, "metadata.labels['<KEY>']", "metadata.annotations['<KEY>']"].map((x) => `"${x}"`).join(', ')}`;
}

export function parseResourceFieldRef(ctx: Ctx, v: unknown, path: string): { containerName?: string; resource: string; divisor?: string } | null {
  const o = obj(ctx, v, path, '{resource: limits.cpu}');
  if (!o) return null;
  onlyFields(ctx, o, path, ['containerName', 'resource', 'divisor']);
  const resource = oneOf(ctx, o.resource, `${path}.resource`, ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);
  if (o.resource === undefined) ctx.errors.push(required(`${path}.resource`, 'e.g. limits.cpu'));
  const containerName = str(ctx, o.containerName, `${path}.containerName`);
  const divisor = o.divisor === undefined ? undefined : String(o.divisor);
  if (divisor !== undefined && parseQuantity(divisor) === null) ctx.errors.push(invalid(`${path}.divisor`, o.divisor, QUANTITY_HINT));
  if (!resource) return null;
  return { resource, ...(containerName ? { containerName } : {}), ...(divisor ? { divisor } : {}) };
}

function envSource(ctx: Ctx, v: unknown, path: string): EnvVarSource | null {
  const o = obj(ctx, v, path, '{fieldRef: {fieldPath: status.podIP}}');
  if (!o) return null;
  const kinds = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];
  onlyFields(ctx, o, path, kinds);
  const set = kinds.filter((k) => o[k] !== undefined);
  if (set.length !== 1) {
    ctx.errors.push({ path, message: set.length ? `Invalid value: may not have more than one field specified at a time` : 'Required value: must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`' });
    return null;
  }
  const p = `${path}.${set[0]}`;
  if (o.fieldRef !== undefined) {
    const f = obj(ctx, o.fieldRef, p, '{fieldPath: status.podIP}');
    if (!f) return null;
    onlyFields(ctx, f, p, ['fieldPath', 'apiVersion']);
    const fieldPath = str(ctx, f.fieldPath, `${p}.fieldPath`);
    if (!fieldPath) return (ctx.errors.push(required(`${p}.fieldPath`, 'e.g. status.podIP')), null);
    const err = fieldPathError(fieldPath, false);
    if (err) return (ctx.errors.push({ path: `${p}.fieldPath`, message: `Unsupported value: "${fieldPath}": ${err}` }), null);
    return { fieldRef: { fieldPath } };
  }
  if (o.resourceFieldRef !== undefined) {
    const r = parseResourceFieldRef(ctx, o.resourceFieldRef, p);
    return r ? { resourceFieldRef: r } : null;
  }
  if (o.fileKeyRef !== undefined) {
    const f = obj(ctx, o.fileKeyRef, p, '{volumeName: config, path: config.env, key: DB_ADDRESS}');
    if (!f) return null;
    onlyFields(ctx, f, p, ['volumeName', 'path', 'key', 'optional']);
    const volumeName = str(ctx, f.volumeName, `${p}.volumeName`);
    const file = str(ctx, f.path, `${p}.path`);
    const key = str(ctx, f.key, `${p}.key`);
    const optional = bool(ctx, f.optional, `${p}.optional`);
    if (!volumeName || !file || !key) return (ctx.errors.push(required(p, 'volumeName, path and key')), null);
    return { fileKeyRef: { volumeName, path: file, key, ...(optional !== undefined ? { optional } : {}) } };
  }
  const ref = keyRef(ctx, o[set[0]], p);
  if (!ref) return null;
  return set[0] === 'configMapKeyRef' ? { configMapKeyRef: ref } : { secretKeyRef: ref };
}

/** env: literal values, or values from the pod's fields, resources, ConfigMaps and Secrets. */
export function parseEnv(ctx: Ctx, v: unknown, path: string): EnvVarSpec[] | undefined {
  return list(ctx, v, path, '[{name: GREETING, value: hello}]', (e, p) => {
    if (!isObj(e)) return (ctx.errors.push(invalid(p, e, 'must be a map like {name: GREETING, value: hello}')), null);
    onlyFields(ctx, e, p, ['name', 'value', 'valueFrom']);
    const name = str(ctx, e.name, `${p}.name`);
    if (name === undefined || name === '') ctx.errors.push(required(`${p}.name`, 'give the variable a name'));
    else if (name.includes('=')) ctx.errors.push(invalid(`${p}.name`, name, "must not contain '='"));
    const value = str(ctx, e.value, `${p}.value`) ?? '';
    let valueFrom: EnvVarSource | null = null;
    if (e.valueFrom !== undefined && e.valueFrom !== null) {
      if (value) ctx.errors.push({ path: `${p}.valueFrom`, message: "Invalid value: \"\": may not be specified when `value` is not empty" });
      valueFrom = envSource(ctx, e.valueFrom, `${p}.valueFrom`);
    }
    if (!name) return null;
    return valueFrom ? { name, value: '', valueFrom } : { name, value };
  });
}

function parseEnvFrom(ctx: Ctx, v: unknown, path: string): EnvFromSpec[] | undefined {
  return list(ctx, v, path, '[{configMapRef: {name: my-config}}]', (e, p) => {
    const o = obj(ctx, e, p, '{configMapRef: {name: my-config}}');
    if (!o) return null;
    onlyFields(ctx, o, p, ['prefix', 'configMapRef', 'secretRef']);
    const out: EnvFromSpec = {};
    const prefix = str(ctx, o.prefix, `${p}.prefix`);
    if (prefix) out.prefix = prefix;
    for (const k of ['configMapRef', 'secretRef'] as const) {
      const r = obj(ctx, o[k], `${p}.${k}`, '{name: my-config}');
      if (!r) continue;
      onlyFields(ctx, r, `${p}.${k}`, ['name', 'optional']);
      const name = str(ctx, r.name, `${p}.${k}.name`);
      const optional = bool(ctx, r.optional, `${p}.${k}.optional`);
      if (!name) ctx.errors.push(required(`${p}.${k}.name`, 'name the ConfigMap or Secret'));
      else out[k] = { name, ...(optional !== undefined ? { optional } : {}) };
    }
    if (!out.configMapRef === !out.secretRef) return (ctx.errors.push({ path: p, message: 'Invalid value: must specify exactly one of configMapRef or secretRef' }), null);
    return out;
  });
}

function parseMounts(ctx: Ctx, v: unknown, path: string): VolumeMountSpec[] | undefined {
  const out = list(ctx, v, path, '[{name: data, mountPath: /data}]', (m, p) => {
    const o = obj(ctx, m, p, '{name: data, mountPath: /data}');
    if (!o) return null;
    onlyFields(ctx, o, p, ['name', 'mountPath', 'subPath', 'subPathExpr', 'readOnly', 'mountPropagation', 'recursiveReadOnly']);
    const name = str(ctx, o.name, `${p}.name`);
    const mountPath = str(ctx, o.mountPath, `${p}.mountPath`);
    if (!name) ctx.errors.push(required(`${p}.name`, 'name one of spec.volumes'));
    if (!mountPath) ctx.errors.push(required(`${p}.mountPath`, 'where the volume appears in the container, e.g. /data'));
    else if (!mountPath.startsWith('/')) ctx.errors.push(invalid(`${p}.mountPath`, mountPath, absolutePathReason(mountPath)));
    const subPath = str(ctx, o.subPath, `${p}.subPath`);
    const subPathExpr = str(ctx, o.subPathExpr, `${p}.subPathExpr`);
    for (const [k, sp] of [['subPath', subPath], ['subPathExpr', subPathExpr]] as const) {
      if (sp && (sp.startsWith('/') || sp.split('/').includes('..'))) ctx.errors.push(invalid(`${p}.${k}`, sp, "must be a relative path without '..'"));
    }
    if (subPath && subPathExpr) ctx.errors.push({ path: `${p}.subPathExpr`, message: 'Invalid value: subPathExpr and subPath are mutually exclusive' });
    const readOnly = bool(ctx, o.readOnly, `${p}.readOnly`);
    const mountPropagation = oneOf(ctx, o.mountPropagation, `${p}.mountPropagation`, ['None', 'HostToContainer', 'Bidirectional']);
    if (mountPropagation === 'Bidirectional') ctx.errors.push({ path: `${p}.mountPropagation`, message: 'not supported by podlab: Bidirectional propagation needs a privileged container, which podlab does not run' });
    if (o.recursiveReadOnly !== undefined) ctx.warnings.push(`${p}.recursiveReadOnly: podlab mounts read-only volumes read-only at their top; sub-mounts are not made read-only recursively`);
    if (!name || !mountPath) return null;
    const mount: VolumeMountSpec = { name, mountPath };
    if (subPath) mount.subPath = subPath;
    if (subPathExpr) mount.subPathExpr = subPathExpr;
    if (readOnly !== undefined) mount.readOnly = readOnly;
    if (mountPropagation) mount.mountPropagation = mountPropagation;
    return mount;
  });
  if (out) noDuplicates(ctx, out.map((m) => m.mountPath), (i) => `${path}[${i}].mountPath`, ' — two volumes cannot be mounted at one path');
  return out;
}

const KNOWN_RESOURCES = ['cpu', 'memory', 'ephemeral-storage', 'pids'];

/** resources.{limits,requests}: quantities by resource name; requests above limits are the API server's error. */
export function parseResources(ctx: Ctx, v: unknown, path: string): ResourcesSpec | undefined {
  const o = obj(ctx, v, path, '{limits: {memory: 64Mi, cpu: 250m}}');
  if (!o) return undefined;
  onlyFields(ctx, o, path, ['limits', 'requests', 'claims']);
  if (o.claims !== undefined) ctx.warnings.push(`${path}.claims: dynamic resource claims are allocated by a cluster's DRA drivers; podlab has none, so no device is attached`);
  const out: ResourcesSpec = {};
  for (const k of ['limits', 'requests'] as const) {
    const m = obj(ctx, o[k], `${path}.${k}`, '{cpu: 250m, memory: 64Mi}');
    if (!m) continue;
    const vals: Record<string, string> = {};
    for (const [name, q] of Object.entries(m)) {
      const p = `${path}.${k}[${name}]`;
      if ((typeof q !== 'string' && typeof q !== 'number') || parseQuantity(q) === null || parseQuantity(q)! < 0) {
        ctx.errors.push(invalid(p, q, QUANTITY_HINT));
        continue;
      }
      vals[name] = String(q);
      if (k === 'limits' && !KNOWN_RESOURCES.includes(name) && !name.startsWith('hugepages-')) {
        ctx.warnings.push(`${p}: ${name} is an extended resource — a scheduler would place this pod only on a node that advertises ${name}; podlab's one node has none and runs it without one`);
      }
    }
    out[k] = vals;
  }
  for (const [name, req] of Object.entries(out.requests ?? {})) {
    const lim = out.limits?.[name];
    if (lim !== undefined && parseQuantity(req)! > parseQuantity(lim)!) {
      ctx.errors.push(invalid(`${path}.requests[${name}]`, req, `must be less than or equal to ${name} limit of ${lim}`));
    }
  }
  return out;
}

/** The container fields of ContainerExtras, from a container object `o` at `path` (an init container when `init`). */
export function parseContainerExtras(ctx: Ctx, o: Obj, path: string, init: boolean): ContainerExtras {
  const out: ContainerExtras = {};
  if (o.restartPolicy !== undefined && o.restartPolicy !== null) {
    if (!init) ctx.errors.push({ path: `${path}.restartPolicy`, message: 'Forbidden: may not be set for non-init containers (a native sidecar is an init container with restartPolicy: Always)' });
    else if (o.restartPolicy === 'Always') out.restartPolicy = 'Always';
    else ctx.errors.push({ path: `${path}.restartPolicy`, message: `Unsupported value: ${JSON.stringify(o.restartPolicy)}: supported values: "Always"` });
  }
  if (o.restartPolicyRules !== undefined) {
    ctx.warnings.push(`${path}.restartPolicyRules: container restart rules (alpha) tell a kubelet to restart on given exit codes; podlab restarts by restartPolicy only`);
    (out.other ??= {}).restartPolicyRules = o.restartPolicyRules;
  }
  const envFrom = parseEnvFrom(ctx, o.envFrom, `${path}.envFrom`);
  if (envFrom?.length) out.envFrom = envFrom;
  const mounts = parseMounts(ctx, o.volumeMounts, `${path}.volumeMounts`);
  if (mounts?.length) out.volumeMounts = mounts;
  const resources = parseResources(ctx, o.resources, `${path}.resources`);
  if (resources) out.resources = resources;
  const sc = parseSecurityContext(ctx, o.securityContext, `${path}.securityContext`, false);
  if (sc) out.securityContext = sc;
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = parseProbe(ctx, o[k], `${path}.${k}`);
    if (!probe) continue;
    if (init && !out.restartPolicy) ctx.errors.push({ path: `${path}.${k}`, message: 'Forbidden: may not be set for init containers without restartPolicy=Always' });
    else out[k] = probe;
  }
  const lifecycle = parseLifecycle(ctx, o.lifecycle, `${path}.lifecycle`);
  if (lifecycle) out.lifecycle = lifecycle;
  const pull = oneOf(ctx, o.imagePullPolicy, `${path}.imagePullPolicy`, ['Always', 'IfNotPresent', 'Never']);
  if (pull) out.imagePullPolicy = pull;
  const workingDir = str(ctx, o.workingDir, `${path}.workingDir`);
  if (workingDir) out.workingDir = workingDir;
  for (const k of ['stdin', 'stdinOnce', 'tty'] as const) {
    const b = bool(ctx, o[k], `${path}.${k}`);
    if (b !== undefined) out[k] = b;
  }
  const tmp = str(ctx, o.terminationMessagePath, `${path}.terminationMessagePath`);
  if (tmp) out.terminationMessagePath = tmp;
  const tmpol = oneOf(ctx, o.terminationMessagePolicy, `${path}.terminationMessagePolicy`, ['File', 'FallbackToLogsOnError']);
  if (tmpol) out.terminationMessagePolicy = tmpol;
  if (o.resizePolicy !== undefined) {
    ctx.warnings.push(`${path}.resizePolicy: in-place resize is requested through the API server's resize subresource; podlab has no API server — change the limits and relaunch`);
    (out.other ??= {}).resizePolicy = o.resizePolicy;
  }
  return out;
}

