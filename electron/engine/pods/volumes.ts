// A pod's volumes on the engine: one engine volume per emptyDir/configMap/secret/downwardAPI/projected volume (a
// pod-level object: it outlives container restarts and goes with the pod), filled through the archive API of a
// short-lived helper container that is never started; hostPath is a bind mount.
import type Docker from 'dockerode';
import type { MountSettings } from 'dockerode';
import type { ConfigObject, ContainerSpec, PodSpec, VolumeSpec } from '../../../shared/manifest/types';
import type { NodeFacts } from '../../../shared/manifest/env';
import { volumeFiles } from '../../../shared/manifest/volume-files';
import { parseQuantity } from '../../../shared/manifest/quantity';
import { LABEL_POD, LABEL_UID } from '../../../shared/model';
import { tarOf, type TarEntry } from './tar';

export const LABEL_VOLUME = 'io.podlab.volume';

/** The engine volume of pod volume `name` (uid-scoped: two pods of one name never share one). */
export function engineVolumeName(uid: string, name: string): string {
  return `podlab_${uid}_${name}`;
}

/** Volumes kept in an engine volume (everything but hostPath). */
export function engineVolumes(pod: PodSpec): VolumeSpec[] {
  return (pod.volumes ?? []).filter((v) => !v.hostPath);
}

function driverOpts(v: VolumeSpec): Record<string, string> {
  if (v.emptyDir?.medium !== 'Memory') return {};
  // medium: Memory is a tmpfs; sizeLimit becomes its size (else the kernel's default: half the memory).
  const size = v.emptyDir.sizeLimit ? parseQuantity(v.emptyDir.sizeLimit) : null;
  return { type: 'tmpfs', device: 'tmpfs', o: size ? `size=${Math.ceil(size)}` : '' };
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

/** Creates and fills the pod's engine volumes; returns their names. Removes what it made when it fails. */
export async function createPodVolumes(docker: Docker, pod: PodSpec, key: string, uid: string, objects: ConfigObject[], node: NodeFacts, helperImage: string): Promise<string[]> {
  const vols = engineVolumes(pod);
  if (vols.length === 0) return [];
  const names: string[] = [];
  try {
    for (const v of vols) {
      const name = engineVolumeName(uid, v.name);
      await docker.createVolume({ Name: name, Driver: 'local', DriverOpts: driverOpts(v), Labels: { [LABEL_POD]: key, [LABEL_UID]: uid, [LABEL_VOLUME]: v.name } });
      names.push(name);
    }
    const helper = await docker.createContainer({
      name: `podlab_volumes_${uid}`,
      Image: helperImage,
      Labels: { [LABEL_POD]: key, [LABEL_UID]: uid, 'io.podlab.role': 'volumes' },
      HostConfig: { NetworkMode: 'none', Mounts: vols.map((v) => ({ Type: 'volume', Source: engineVolumeName(uid, v.name), Target: `/podlab-volumes/${v.name}`, VolumeOptions: { NoCopy: true } }) as MountSettings) },
    });
    try {
      await helper.putArchive(tarOf(volumeArchive(pod, objects, node)), { path: '/podlab-volumes' });
    } finally {
      await helper.remove({ force: true }).catch(() => undefined);
    }
    return names;
  } catch (err) {
    await removeVolumes(docker, names);
    throw err;
  }
}

export async function removeVolumes(docker: Docker, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => docker.getVolume(n).remove({ force: true }).catch(() => undefined)));
}

/** Removes every engine volume of pod `key` (after its containers are gone). */
export async function removePodVolumes(docker: Docker, key: string): Promise<void> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${LABEL_POD}=${key}`] } }).catch(() => ({ Volumes: [] as { Name: string; Labels: Record<string, string> }[] }));
  await removeVolumes(docker, (Volumes ?? []).filter((v) => v.Labels?.[LABEL_POD] === key).map((v) => v.Name));
}

/**
 * The container's mounts: engine volumes (configMap/secret/downwardAPI/projected always read-only, as in Kubernetes)
 * and hostPath binds. `mountpoints` (engine volume → host path) lets a subPath be bound on engines older than API
 * 1.45, which cannot mount a volume's sub-directory.
 */
export function containerMounts(pod: PodSpec, c: ContainerSpec, uid: string, mountpoints: Map<string, string> = new Map()): { Mounts: MountSettings[]; Binds: string[] } {
  const Mounts: MountSettings[] = [];
  const Binds: string[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = (pod.volumes ?? []).find((x) => x.name === m.name);
    if (!v) continue;
    const readOnly = m.readOnly === true || !v.emptyDir;
    if (v.hostPath) {
      const src = m.subPath ? `${v.hostPath.path}/${m.subPath}` : v.hostPath.path;
      // DirectoryOrCreate (and no type): a bind in Binds makes a missing directory, as the kubelet would.
      if (!v.hostPath.type || v.hostPath.type === 'DirectoryOrCreate') Binds.push(`${src}:${m.mountPath}${readOnly ? ':ro' : ''}`);
      else Mounts.push({ Type: 'bind', Source: src, Target: m.mountPath, ReadOnly: readOnly });
      continue;
    }
    const source = engineVolumeName(uid, v.name);
    const sub = m.subPath;
    const host = sub ? mountpoints.get(source) : undefined;
    if (sub && host) Mounts.push({ Type: 'bind', Source: `${host}/${sub}`, Target: m.mountPath, ReadOnly: readOnly });
    else Mounts.push({ Type: 'volume', Source: source, Target: m.mountPath, ReadOnly: readOnly, VolumeOptions: { NoCopy: true, ...(sub ? { Subpath: sub } : {}) } } as MountSettings);
  }
  return { Mounts, Binds };
}
