// env[].valueFrom.fileKeyRef: a variable read from a KEY=value file that an init container wrote into an emptyDir.
// The file is read through the archive API of a short-lived helper container that mounts the volume.
import type { MountSettings } from 'dockerode';
import type { InitContext } from './init';
import { engineVolumeName } from './volumes';
import { podKey } from './names';

/** The first file of a tar archive, as text. */
export function firstTarFile(tar: Buffer): string | null {
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) return null;
    const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    if (type === '0') return tar.subarray(off + 512, off + 512 + size).toString('utf8');
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

/** `KEY=value` lines (an optional "export ", quotes around the value) → map, as the kubelet reads env files. */
export function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/.exec(line);
    if (!m) continue;
    out.set(m[1], m[2].trim().replace(/^(['"])(.*)\1$/, '$2'));
  }
  return out;
}

/** "volume/path/key" → value for every fileKeyRef of the pod's app containers. */
export async function readFileKeyRefs(ctx: InitContext): Promise<Map<string, string>> {
  const refs = ctx.pod.containers.flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom && 'fileKeyRef' in e.valueFrom ? [e.valueFrom.fileKeyRef] : [])));
  const values = new Map<string, string>();
  if (refs.length === 0) return values;
  const vols = [...new Set(refs.map((r) => r.volumeName))];
  const helper = await ctx.docker.createContainer({
    name: `podlab_envfiles_${ctx.uid}`,
    Image: (await ctx.docker.getContainer(ctx.sandboxId).inspect()).Config.Image,
    Labels: { 'io.podlab.pod': podKey(ctx.pod), 'io.podlab.role': 'volumes' },
    HostConfig: { NetworkMode: 'none', Mounts: vols.map((v) => ({ Type: 'volume', Source: engineVolumeName(ctx.uid, v), Target: `/v/${v}`, ReadOnly: true }) as MountSettings) },
  });
  try {
    for (const r of refs) {
      const stream = await helper.getArchive({ path: `/v/${r.volumeName}/${r.path}` }).catch(() => null);
      if (!stream) continue;
      const chunks: Buffer[] = [];
      for await (const ch of stream as AsyncIterable<Buffer>) chunks.push(ch);
      const v = parseEnvFile(firstTarFile(Buffer.concat(chunks)) ?? '').get(r.key);
      if (v !== undefined) values.set(`${r.volumeName}/${r.path}/${r.key}`, v);
    }
  } finally {
    await helper.remove({ force: true }).catch(() => undefined);
  }
  return values;
}
