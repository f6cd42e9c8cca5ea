// env[].valueFrom.fileKeyRef: a variable read from a KEY=value file that an init container wrote into an emptyDir.
import type { InitContext } from './init';
import { engineVolumeName } from './volumes';
import { podKey } from './names';
import { LABEL_POD } from '../runtime/vocabulary';

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
  for (const r of refs) {
    const text = await ctx.rt.volumes?.readFile(engineVolumeName(ctx.uid, r.volumeName), r.path, ctx.helperImage, { [LABEL_POD]: podKey(ctx.pod), 'io.podlab.role': 'volumes' });
    const v = parseEnvFile(text ?? '').get(r.key);
    if (v !== undefined) values.set(`${r.volumeName}/${r.path}/${r.key}`, v);
  }
  return values;
}
