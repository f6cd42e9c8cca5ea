// The files the kubelet writes into configMap, secret, downwardAPI and projected volumes, computed from the pod and
// the ConfigMap/Secret documents of its manifest (the engine side writes them into the pod's volume).
import type { ConfigObject, DownwardAPIFile, KeyToPath, PodSpec, VolumeSpec } from './types';
import { fieldValue, resourceValue, type NodeFacts } from './env';

export interface VolumeFile {
  path: string;
  content: string;
  mode: number;
}

const DEFAULT_MODE = 0o644;

function fromObject(o: ConfigObject | undefined, items: KeyToPath[] | undefined, mode: number): VolumeFile[] {
  if (!o) return [];
  if (!items?.length) return Object.entries(o.data).map(([k, v]) => ({ path: k, content: v, mode }));
  return items.filter((it) => it.key in o.data).map((it) => ({ path: it.path, content: o.data[it.key], mode: it.mode ?? mode }));
}

function downward(items: DownwardAPIFile[], pod: PodSpec, node: NodeFacts, mode: number): VolumeFile[] {
  return items.map((f) => ({
    path: f.path,
    content: f.fieldRef ? fieldValue(f.fieldRef.fieldPath, pod, node) : f.resourceFieldRef ? resourceValue(f.resourceFieldRef, pod, '', node) : '',
    mode: f.mode ?? mode,
  }));
}

/** Files of volume `v`, or null when it is not a volume podlab fills (emptyDir, hostPath). */
export function volumeFiles(v: VolumeSpec, pod: PodSpec, objects: ConfigObject[], node: NodeFacts): VolumeFile[] | null {
  const ns = pod.namespace ?? 'default';
  const find = (kind: ConfigObject['kind'], name: string): ConfigObject | undefined => objects.find((o) => o.kind === kind && o.name === name && (o.namespace ?? ns) === ns);
  if (v.configMap) return fromObject(find('ConfigMap', v.configMap.name), v.configMap.items, v.configMap.defaultMode ?? DEFAULT_MODE);
  if (v.secret) return fromObject(find('Secret', v.secret.secretName), v.secret.items, v.secret.defaultMode ?? DEFAULT_MODE);
  if (v.downwardAPI) return downward(v.downwardAPI.items, pod, node, v.downwardAPI.defaultMode ?? DEFAULT_MODE);
  if (v.projected) {
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    return v.projected.sources.flatMap((s) => {
      if (s.configMap) return fromObject(find('ConfigMap', s.configMap.name), s.configMap.items, mode);
      if (s.secret) return fromObject(find('Secret', s.secret.name), s.secret.items, mode);
      if (s.downwardAPI) return downward(s.downwardAPI.items, pod, node, mode);
      return []; // serviceAccountToken & co.: warned about at validation, no file
    });
  }
  return null;
}
