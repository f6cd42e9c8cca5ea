// spec.volumes: emptyDir, hostPath, configMap, secret, downwardAPI and projected run; PersistentVolumeClaims and cloud
// or network volumes are refused with the reason (they need a cluster's storage).
import type { DownwardAPIFile, KeyToPath, ProjectionSource, VolumeSpec } from './types';
import { bool, isObj, list, noDuplicates, obj, oneOf, onlyFields, str, type Ctx, type Obj } from './fields';
import { fieldPathError, parseResourceFieldRef } from './container-extra';
import { parseQuantity, QUANTITY_HINT } from './quantity';
import { absolutePathReason, dns1123LabelError, invalid, notSupported, required } from './validate';

const RUN = ['emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI', 'projected'];
const NEEDS_CLUSTER: Record<string, string> = {
  persistentVolumeClaim: 'a PersistentVolumeClaim is bound to storage by a cluster\'s volume controllers; podlab has none — use an emptyDir (lives with the pod) or a hostPath',
  ephemeral: 'a generic ephemeral volume is a PersistentVolumeClaim made by a cluster; use an emptyDir',
  image: 'image volumes (an OCI artifact mounted read-only) need a CRI runtime that supports them; the engine here does not — copy the files in with an init container',
  csi: 'CSI volumes are provided by a cluster\'s storage drivers; use an emptyDir or a hostPath',
};
const CLOUD = ['awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume'];

const MODE_HINT = 'must be a number between 0 and 0777 (octal), both inclusive';

function mode(ctx: Ctx, v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0o777) return v;
  ctx.errors.push(invalid(path, v, MODE_HINT));
  return undefined;
}

function items(ctx: Ctx, v: unknown, path: string): KeyToPath[] | undefined {
  return list(ctx, v, path, '[{key: game.properties, path: game.properties}]', (x, p) => {
    const o = obj(ctx, x, p, '{key: k, path: file}');
    if (!o) return null;
    onlyFields(ctx, o, p, ['key', 'path', 'mode']);
    const key = str(ctx, o.key, `${p}.key`);
    const file = filePath(ctx, o.path, `${p}.path`);
    const m = mode(ctx, o.mode, `${p}.mode`);
    if (!key) ctx.errors.push(required(`${p}.key`, 'the key to write'));
    return key && file ? { key, path: file, ...(m !== undefined ? { mode: m } : {}) } : null;
  });
}

function filePath(ctx: Ctx, v: unknown, path: string): string | undefined {
  const p = str(ctx, v, path);
  if (p === undefined || p === '') {
    ctx.errors.push(required(path, 'a relative file path'));
    return undefined;
  }
  if (p.startsWith('/') || p.split('/').includes('..')) {
    ctx.errors.push(invalid(path, p, "must be a relative path and must not contain '..'"));
    return undefined;
  }
  return p;
}

function downwardItems(ctx: Ctx, v: unknown, path: string): DownwardAPIFile[] {
  return (
    list(ctx, v, path, '[{path: labels, fieldRef: {fieldPath: metadata.labels}}]', (x, p) => {
      const o = obj(ctx, x, p, '{path: labels, fieldRef: {fieldPath: metadata.labels}}');
      if (!o) return null;
      onlyFields(ctx, o, p, ['path', 'fieldRef', 'resourceFieldRef', 'mode']);
      const file = filePath(ctx, o.path, `${p}.path`);
      const out: DownwardAPIFile = { path: file ?? '' };
      const m = mode(ctx, o.mode, `${p}.mode`);
      if (m !== undefined) out.mode = m;
      if (isObj(o.fieldRef)) {
        const fp = str(ctx, o.fieldRef.fieldPath, `${p}.fieldRef.fieldPath`) ?? '';
        const err = fieldPathError(fp, true);
        if (err || fp.startsWith('status.')) ctx.errors.push({ path: `${p}.fieldRef.fieldPath`, message: `Unsupported value: "${fp}": ${err ?? 'status fields are not available in a downwardAPI volume (use env)'}` });
        else out.fieldRef = { fieldPath: fp };
      } else if (o.resourceFieldRef !== undefined) {
        const r = parseResourceFieldRef(ctx, o.resourceFieldRef, `${p}.resourceFieldRef`);
        if (r) out.resourceFieldRef = r;
      } else ctx.errors.push(required(p, 'one of fieldRef or resourceFieldRef'));
      return file ? out : null;
    }) ?? []
  );
}

function refOf(ctx: Ctx, o: Obj, path: string, nameKey: 'name' | 'secretName'): { name: string; items?: KeyToPath[]; optional?: boolean } | null {
  const name = str(ctx, o[nameKey], `${path}.${nameKey}`);
  if (!name) {
    ctx.errors.push(required(`${path}.${nameKey}`, 'name the ConfigMap or Secret (a document in the same file)'));
    return null;
  }
  const its = items(ctx, o.items, `${path}.items`);
  const optional = bool(ctx, o.optional, `${path}.optional`);
  return { name, ...(its?.length ? { items: its } : {}), ...(optional !== undefined ? { optional } : {}) };
}

function projection(ctx: Ctx, x: unknown, p: string): ProjectionSource | null {
  const o = obj(ctx, x, p, '{secret: {name: mysecret}}');
  if (!o) return null;
  const kinds = ['configMap', 'secret', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'];
  onlyFields(ctx, o, p, kinds);
  const set = kinds.filter((k) => o[k] !== undefined);
  if (set.length !== 1) {
    ctx.errors.push({ path: p, message: 'Invalid value: exactly one projection source must be set' });
    return null;
  }
  const k = set[0];
  const src = obj(ctx, o[k], `${p}.${k}`, '{name: ...}');
  if (!src) return null;
  if (k === 'configMap' || k === 'secret') {
    onlyFields(ctx, src, `${p}.${k}`, ['name', 'items', 'optional']);
    const r = refOf(ctx, src, `${p}.${k}`, 'name');
    return r ? { [k]: r } : null;
  }
  if (k === 'downwardAPI') {
    onlyFields(ctx, src, `${p}.${k}`, ['items']);
    return { downwardAPI: { items: downwardItems(ctx, src.items, `${p}.downwardAPI.items`) } };
  }
  const what =
    k === 'serviceAccountToken' ? 'a ServiceAccount token signed by the API server' : k === 'clusterTrustBundle' ? "a ClusterTrustBundle's certificates" : 'a certificate issued by a cluster signer';
  ctx.warnings.push(`${p}.${k}: a kubelet would write ${what} here; podlab has no API server, so this file is left out of the volume`);
  return { [k]: src };
}

function parseVolume(ctx: Ctx, v: unknown, path: string): VolumeSpec | null {
  const o = obj(ctx, v, path, '{name: data, emptyDir: {}}');
  if (!o) return null;
  const name = str(ctx, o.name, `${path}.name`);
  if (!name) ctx.errors.push(required(`${path}.name`, 'give the volume a name'));
  else if (dns1123LabelError(name)) ctx.errors.push(invalid(`${path}.name`, name, dns1123LabelError(name)!));
  const sources = Object.keys(o).filter((k) => k !== 'name');
  for (const k of sources) {
    if (k in NEEDS_CLUSTER) ctx.errors.push(notSupported(`${path}.${k}`, NEEDS_CLUSTER[k]));
    else if (CLOUD.includes(k)) ctx.errors.push(notSupported(`${path}.${k}`, 'network and cloud disks are attached by a cluster\'s storage plugins; use an emptyDir or a hostPath'));
  }
  onlyFields(ctx, o, path, ['name', ...RUN, ...Object.keys(NEEDS_CLUSTER), ...CLOUD]);
  const run = sources.filter((k) => RUN.includes(k));
  if (sources.length !== 1) {
    if (sources.length === 0) ctx.errors.push(required(path, 'must specify a volume type, e.g. emptyDir: {}'));
    else if (run.length === sources.length) ctx.errors.push({ path, message: 'Forbidden: may not specify more than 1 volume type' });
    return null;
  }
  if (!name || run.length !== 1) return null;
  const k = run[0];
  const p = `${path}.${k}`;
  const src = obj(ctx, o[k], p, '{}') ?? {};
  const out: VolumeSpec = { name };
  if (k === 'emptyDir') {
    onlyFields(ctx, src, p, ['medium', 'sizeLimit', 'mode']);
    const medium = oneOf(ctx, src.medium, `${p}.medium`, ['', 'Memory']);
    const sizeLimit = src.sizeLimit === undefined ? undefined : String(src.sizeLimit);
    if (sizeLimit !== undefined && parseQuantity(sizeLimit) === null) ctx.errors.push(invalid(`${p}.sizeLimit`, src.sizeLimit, QUANTITY_HINT));
    // mode: the directory's permission bits (01777 in the documentation's example: sticky and world-writable).
    const dirMode = src.mode === undefined ? undefined : typeof src.mode === 'number' && Number.isInteger(src.mode) && src.mode >= 0 && src.mode <= 0o7777 ? src.mode : null;
    if (dirMode === null) ctx.errors.push(invalid(`${p}.mode`, src.mode, 'must be a number between 0 and 07777 (octal)'));
    out.emptyDir = { ...(medium ? { medium } : {}), ...(sizeLimit ? { sizeLimit } : {}), ...(typeof dirMode === 'number' ? { mode: dirMode } : {}) };
  } else if (k === 'hostPath') {
    onlyFields(ctx, src, p, ['path', 'type']);
    const hp = str(ctx, src.path, `${p}.path`);
    if (!hp?.startsWith('/')) ctx.errors.push(hp ? invalid(`${p}.path`, hp, absolutePathReason(hp)) : required(`${p}.path`, 'a directory or file of this machine'));
    const type = oneOf(ctx, src.type, `${p}.type`, ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']);
    if (hp?.startsWith('/')) {
      out.hostPath = { path: hp, ...(type ? { type } : {}) };
      ctx.warnings.push(`${p}: mounts ${hp} of this machine into the pod — on a cluster that is the node's own file system, which is why clusters restrict hostPath; here it is yours`);
    }
  } else if (k === 'configMap' || k === 'secret') {
    onlyFields(ctx, src, p, [k === 'secret' ? 'secretName' : 'name', 'items', 'defaultMode', 'optional']);
    const r = refOf(ctx, src, p, k === 'secret' ? 'secretName' : 'name');
    const dm = mode(ctx, src.defaultMode, `${p}.defaultMode`);
    if (r && k === 'configMap') out.configMap = { ...r, ...(dm !== undefined ? { defaultMode: dm } : {}) };
    if (r && k === 'secret') out.secret = { secretName: r.name, ...(r.items ? { items: r.items } : {}), ...(r.optional !== undefined ? { optional: r.optional } : {}), ...(dm !== undefined ? { defaultMode: dm } : {}) };
  } else if (k === 'downwardAPI') {
    onlyFields(ctx, src, p, ['items', 'defaultMode']);
    const dm = mode(ctx, src.defaultMode, `${p}.defaultMode`);
    out.downwardAPI = { items: downwardItems(ctx, src.items, `${p}.items`), ...(dm !== undefined ? { defaultMode: dm } : {}) };
  } else {
    onlyFields(ctx, src, p, ['sources', 'defaultMode']);
    const dm = mode(ctx, src.defaultMode, `${p}.defaultMode`);
    const sources = list(ctx, src.sources, `${p}.sources`, '[{secret: {name: mysecret}}]', (x, sp) => projection(ctx, x, sp)) ?? [];
    out.projected = { sources, ...(dm !== undefined ? { defaultMode: dm } : {}) };
  }
  return out;
}

export function parseVolumes(ctx: Ctx, v: unknown): VolumeSpec[] | undefined {
  const out = list(ctx, v, 'spec.volumes', '[{name: data, emptyDir: {}}]', (x, p) => parseVolume(ctx, x, p));
  if (out) noDuplicates(ctx, out.map((x) => x.name), (i) => `spec.volumes[${i}].name`);
  return out;
}

