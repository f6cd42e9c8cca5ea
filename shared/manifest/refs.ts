// Cross-references inside the manifest: mounts name declared volumes, ConfigMap/Secret references name documents of
// the same file (or are optional), resourceFieldRef names a container. The kubelet would fail the container
// (CreateContainerConfigError); podlab refuses before anything is created and names what is missing.
import type { ConfigObject, ContainerSpec, ManifestIssue, PodSpec, VolumeSpec } from './types';

type Kind = 'ConfigMap' | 'Secret';

function missing(kind: Kind, name: string, key?: string): string {
  const what = key ? `key "${key}" of ${kind} "${name}"` : `${kind} "${name}"`;
  return key
    ? `Not found: ${what} — the ${kind} document has no such key; add it, or mark the reference optional: true`
    : `Not found: ${what} is not in this manifest — add it as another document (--- then kind: ${kind}), or mark the reference optional: true`;
}

export class RefChecker {
  readonly errors: ManifestIssue[] = [];
  constructor(
    private readonly pod: PodSpec,
    private readonly objects: ConfigObject[],
  ) {}

  find(kind: Kind, name: string): ConfigObject | undefined {
    const ns = this.pod.namespace ?? 'default';
    return this.objects.find((o) => o.kind === kind && o.name === name && (o.namespace ?? ns) === ns);
  }

  ref(path: string, kind: Kind, name: string, keys: string[], optional: boolean | undefined): void {
    if (optional) return;
    const o = this.find(kind, name);
    if (!o) this.errors.push({ path, message: missing(kind, name) });
    else for (const k of keys) if (!(k in o.data)) this.errors.push({ path, message: missing(kind, name, k) });
  }

  container(c: ContainerSpec, path: string, names: Set<string>, volumes: Map<string, VolumeSpec>): void {
    (c.env ?? []).forEach((e, i) => {
      const p = `${path}.env[${i}].valueFrom`;
      const vf = e.valueFrom;
      if (!vf) return;
      if ('configMapKeyRef' in vf) this.ref(`${p}.configMapKeyRef`, 'ConfigMap', vf.configMapKeyRef.name, [vf.configMapKeyRef.key], vf.configMapKeyRef.optional);
      if ('secretKeyRef' in vf) this.ref(`${p}.secretKeyRef`, 'Secret', vf.secretKeyRef.name, [vf.secretKeyRef.key], vf.secretKeyRef.optional);
      if ('resourceFieldRef' in vf && vf.resourceFieldRef.containerName && !names.has(vf.resourceFieldRef.containerName)) {
        this.errors.push({ path: `${p}.resourceFieldRef.containerName`, message: `Not found: container "${vf.resourceFieldRef.containerName}" is not in this pod` });
      }
      if ('fileKeyRef' in vf && !volumes.get(vf.fileKeyRef.volumeName)?.emptyDir) {
        this.errors.push({ path: `${p}.fileKeyRef.volumeName`, message: `Not found: "${vf.fileKeyRef.volumeName}" must name an emptyDir volume of this pod` });
      }
    });
    (c.envFrom ?? []).forEach((e, i) => {
      if (e.configMapRef) this.ref(`${path}.envFrom[${i}].configMapRef`, 'ConfigMap', e.configMapRef.name, [], e.configMapRef.optional);
      if (e.secretRef) this.ref(`${path}.envFrom[${i}].secretRef`, 'Secret', e.secretRef.name, [], e.secretRef.optional);
    });
    (c.volumeMounts ?? []).forEach((m, i) => {
      if (!volumes.has(m.name)) this.errors.push({ path: `${path}.volumeMounts[${i}].name`, message: `Not found: ${JSON.stringify(m.name)} — declare it in spec.volumes` });
    });
  }

  volume(v: VolumeSpec, path: string, names: Set<string>): void {
    const items = (xs: { key: string }[] | undefined): string[] => (xs ?? []).map((x) => x.key);
    if (v.configMap) this.ref(`${path}.configMap`, 'ConfigMap', v.configMap.name, items(v.configMap.items), v.configMap.optional);
    if (v.secret) this.ref(`${path}.secret`, 'Secret', v.secret.secretName, items(v.secret.items), v.secret.optional);
    const dfiles = [...(v.downwardAPI?.items ?? []), ...(v.projected?.sources ?? []).flatMap((s) => s.downwardAPI?.items ?? [])];
    for (const f of dfiles) {
      const cn = f.resourceFieldRef?.containerName;
      if (f.resourceFieldRef && (!cn || !names.has(cn))) this.errors.push({ path, message: `Required value: resourceFieldRef.containerName must name a container of this pod (got ${JSON.stringify(cn ?? '')})` });
    }
    (v.projected?.sources ?? []).forEach((s, i) => {
      if (s.configMap) this.ref(`${path}.projected.sources[${i}].configMap`, 'ConfigMap', s.configMap.name, items(s.configMap.items), s.configMap.optional);
      if (s.secret) this.ref(`${path}.projected.sources[${i}].secret`, 'Secret', s.secret.name, items(s.secret.items), s.secret.optional);
    });
  }
}

/** Every cross-reference error of `pod` against its own volumes, containers and the file's ConfigMaps/Secrets. */
export function checkReferences(pod: PodSpec, objects: ConfigObject[]): ManifestIssue[] {
  return walk(new RefChecker(pod, objects), pod).errors;
}

/** Notes each ConfigMap/Secret the pod reads instead of checking it. */
class RefCollector extends RefChecker {
  readonly refs = new Set<string>();
  override ref(_path: string, kind: Kind, name: string): void {
    this.refs.add(`${kind} ${name}`);
  }
}

/** The ConfigMaps and Secrets `pod` reads ("ConfigMap greeting"), optional ones too, in the order they appear. */
export function referencedObjects(pod: PodSpec): string[] {
  return [...walk(new RefCollector(pod, []), pod).refs];
}

function walk<T extends RefChecker>(chk: T, pod: PodSpec): T {
  const all = [...(pod.initContainers ?? []), ...pod.containers];
  const names = new Set(all.map((c) => c.name));
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  (pod.initContainers ?? []).forEach((c, i) => chk.container(c, `spec.initContainers[${i}]`, names, volumes));
  pod.containers.forEach((c, i) => chk.container(c, `spec.containers[${i}]`, names, volumes));
  (pod.volumes ?? []).forEach((v, i) => chk.volume(v, `spec.volumes[${i}]`, names));
  return chk;
}
