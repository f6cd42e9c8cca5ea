// Pod volumes on Docker: local volumes (tmpfs for emptyDir medium Memory), written and read through the archive API
// of a short-lived helper container that mounts them and is never started (no shell needed in any image).
import type Docker from 'dockerode';
import type { MountSettings } from 'dockerode';
import type { VolumeApi } from '../runtime';
import { call, orGone } from './errors';
import { createContainer } from './create-call';

/** The first file of a tar archive, as text. */
export function firstTarFile(tar: Buffer): string | null {
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) return null;
    const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    if (String.fromCharCode(h[156] || 48) === '0') return tar.subarray(off + 512, off + 512 + size).toString('utf8');
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

async function withHelper<T>(docker: Docker, image: string, labels: Record<string, string>, volumes: Map<string, string>, readOnly: boolean, f: (c: Docker.Container) => Promise<T>): Promise<T> {
  const mounts = [...volumes].map(([dir, name]) => ({ Type: 'volume', Source: name, Target: `/podlab-volumes/${dir}`, ReadOnly: readOnly, VolumeOptions: { NoCopy: true } }) as MountSettings);
  const helper = await call(createContainer(docker, { Image: image, Labels: labels, HostConfig: { NetworkMode: 'none', Mounts: mounts } }));
  try {
    return await f(helper);
  } finally {
    await helper.remove({ force: true }).catch(() => undefined);
  }
}

export function dockerVolumes(docker: Docker, apiVersion: string): VolumeApi {
  return {
    subpaths: Number(apiVersion || '0') >= 1.45,
    create: async (name, labels, tmpfsBytes) => {
      const opts = tmpfsBytes === undefined ? {} : { type: 'tmpfs', device: 'tmpfs', o: tmpfsBytes ? `size=${tmpfsBytes}` : '' };
      await call(docker.createVolume({ Name: name, Driver: 'local', DriverOpts: opts, Labels: labels } as Docker.VolumeCreateOptions));
    },
    write: (volumes, archive, image, labels) => withHelper(docker, image, labels, volumes, false, async (c) => void (await call(c.putArchive(archive, { path: '/podlab-volumes' })))),
    readFile: (volume, path, image, labels) =>
      withHelper(docker, image, labels, new Map([['v', volume]]), true, async (c) => {
        const stream = await c.getArchive({ path: `/podlab-volumes/v/${path}` }).catch(() => null);
        if (!stream) return null;
        const chunks: Buffer[] = [];
        for await (const ch of stream as AsyncIterable<Buffer>) chunks.push(ch);
        return firstTarFile(Buffer.concat(chunks));
      }),
    remove: async (name) => {
      await orGone(docker.getVolume(name).remove({ force: true }));
    },
    list: async (label) => {
      const { Volumes } = await call(docker.listVolumes({ filters: { label: [label] } }));
      return (Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
    },
    hostPath: async (name) => (await orGone(docker.getVolume(name).inspect()))?.Mountpoint ?? null,
  };
}
