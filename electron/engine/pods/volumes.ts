// A pod's volumes on the runtime: one runtime volume per emptyDir/configMap/secret/downwardAPI/projected volume (a
// pod-level object: it outlives container restarts and goes with the pod; medium Memory is a tmpfs, sizeLimit its
// size), filled with the files the kubelet would write; hostPath is a bind mount.
import type { ConfigObject, ContainerSpec, PodSpec, VolumeSpec } from '../../../shared/manifest/types';
import type { NodeFacts } from '../../../shared/manifest/env';
import { volumeFiles } from '../../../shared/manifest/volume-files';
import { parseQuantity } from '../../../shared/manifest/quantity';
import { LABEL_POD, LABEL_UID } from '../runtime/vocabulary';
import { tarOf, type TarEntry } from './tar';
import type { Runtime, VolumeMount } from '../runtime/runtime';

export const LABEL_VOLUME = 'io.podlab.volume';

/** The engine volume of pod volume `name` (uid-scoped: two pods of one name never share one). */
export function engineVolumeName(uid: string, name: string): string {
  return `podlab_${uid}_${name}`;
}

/** Volumes kept in an engine volume (everything but hostPath). */
export function engineVolumes(pod: PodSpec): VolumeSpec[] {
  return (pod.volumes ?? []).filter((v) => !v.hostPath);
}

function dirEntries(path: string, seen: Set<string>, gid: number | undefined): TarEntry[] {
  const out: TarEntry[] = [];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i += 1) {
    const dir = parts.slice(0, i).join('/');
    if (seen.has(dir)) continue;
    seen.add(dir);
    out.push({ path: dir, mode: 0o755, gid });
  }
  return out;
}

/** What the helper writes: each volume's root (mode, fsGroup), its files, and the directories subPath mounts need. */
export function volumeArchive(pod: PodSpec, objects: ConfigObject[], node: NodeFacts): TarEntry[] {
  const fsGroup = pod.securityContext?.fsGroup;
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  for (const v of engineVolumes(pod)) {
    // An emptyDir is world-writable (0777) as the kubelet makes it; with fsGroup it belongs to that group, setgid.
    const rootMode = v.emptyDir ? (v.emptyDir.mode ?? (fsGroup !== undefined ? 0o2777 : 0o777)) : 0o755;
    entries.push({ path: v.name, mode: rootMode, gid: fsGroup });
    seen.add(v.name);
    for (const f of volumeFiles(v, pod, objects, node) ?? []) {
      const path = `${v.name}/${f.path}`;
      entries.push(...dirEntries(path, seen, fsGroup));
      entries.push({ path, content: Buffer.from(f.content), mode: f.mode, gid: fsGroup });
    }
  }
  const mounts = [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) => c.volumeMounts ?? []);
  for (const m of mounts) {
    const v = (pod.volumes ?? []).find((x) => x.name === m.name);
    // subPath of an emptyDir: the kubelet creates the directory when it is missing.
    if (v?.emptyDir && m.subPath && !seen.has(`${v.name}/${m.subPath}`)) entries.push(...dirEntries(`${v.name}/${m.subPath}/x`, seen, fsGroup));
  }
  return entries;
}

/** The labels of everything a pod's volumes are made with (so `rm` finds them). */
function volumeLabels(key: string, uid: string, name?: string): Record<string, string> {
  return { [LABEL_POD]: key, [LABEL_UID]: uid, ...(name ? { [LABEL_VOLUME]: name } : { 'io.podlab.role': 'volumes' }) };
}

/** Creates and fills the pod's runtime volumes; returns their names. Removes what it made when it fails. */
export async function createPodVolumes(rt: Runtime, pod: PodSpec, key: string, uid: string, objects: ConfigObject[], node: NodeFacts, helperImage: string): Promise<string[]> {
  const vols = engineVolumes(pod);
  if (vols.length === 0) return [];
  if (!rt.volumes) throw new Error(`this runtime cannot make the pod's volumes (${vols.map((v) => v.name).join(', ')}); use a Docker or Podman engine`);
  const api = rt.volumes;
  const names: string[] = [];
  try {
    for (const v of vols) {
      const name = engineVolumeName(uid, v.name);
      const tmpfs = v.emptyDir?.medium === 'Memory' ? Math.ceil((v.emptyDir.sizeLimit ? parseQuantity(v.emptyDir.sizeLimit) : 0) ?? 0) : undefined;
      await api.create(name, volumeLabels(key, uid, v.name), tmpfs);
      names.push(name);
    }
    const dirs = new Map(vols.map((v) => [v.name, engineVolumeName(uid, v.name)]));
    await api.write(dirs, tarOf(volumeArchive(pod, objects, node)), helperImage, volumeLabels(key, uid));
    return names;
  } catch (err) {
    await removeVolumes(rt, names);
    throw err;
  }
}

export async function removeVolumes(rt: Runtime, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => rt.volumes?.remove(n).catch(() => undefined)));
}

/**
 * The container's mounts: runtime volumes (configMap/secret/downwardAPI/projected always read-only, as in Kubernetes)
 * and hostPath binds. `mountpoints` (runtime volume → host path) lets a subPath be bound on runtimes that cannot mount
 * a volume's sub-directory.
 */
export function containerMounts(pod: PodSpec, c: ContainerSpec, uid: string, mountpoints: Map<string, string> = new Map()): VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = (pod.volumes ?? []).find((x) => x.name === m.name);
    if (!v) continue;
    const readOnly = m.readOnly === true || !v.emptyDir;
    if (v.hostPath) {
      const src = m.subPath ? `${v.hostPath.path}/${m.subPath}` : v.hostPath.path;
      // DirectoryOrCreate (and no type): a missing directory is made, as the kubelet would.
      out.push({ type: 'bind', source: src, target: m.mountPath, readOnly, create: !v.hostPath.type || v.hostPath.type === 'DirectoryOrCreate' });
      continue;
    }
    const source = engineVolumeName(uid, v.name);
    const host = m.subPath ? mountpoints.get(source) : undefined;
    if (m.subPath && host) out.push({ type: 'bind', source: `${host}/${m.subPath}`, target: m.mountPath, readOnly });
    else out.push({ type: 'volume', source, target: m.mountPath, readOnly, ...(m.subPath ? { subpath: m.subPath } : {}) });
  }
  return out;
}
