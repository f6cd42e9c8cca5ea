// `podlab export <pod>`: the pod's Kubernetes Pod manifest, rebuilt from what podlab stored on its containers'
// labels, with each container's image as it really runs (PODLAB_DEMO_IMAGE overrides included).
import { cleanSpec, emitManifest } from '../../../shared/manifest/emit';
import { podToManifest, type PodManifest } from '../../../shared/manifest/manifest';
import { referencedObjects } from '../../../shared/manifest/refs';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import type { EngineConnection } from '../docker';
import type { ContainerStatus } from '../runtime/runtime';
import { containerNameOf, discoverPods, type RawPod } from '../pods/discover';
import { UnknownPodError } from '../pods/errors';
import { containerSpecFromLabels } from '../pods/spec';

/** A container spec from what the runtime knows when podlab's label is missing: image, command, env are as created. */
function specFromStatus(c: ContainerStatus): ContainerSpec {
  const out: ContainerSpec = { name: containerNameOf(c), image: c.image, ports: [] };
  if (c.command.length > 0) out.command = [...c.command];
  if (c.args.length > 0) out.args = [...c.args];
  return out;
}

/** The pod spec to export: the launch manifest (plus containers added later), images as they run. */
export function exportSpec(raw: RawPod): PodSpec {
  const running = new Map(raw.apps.map((a) => [containerNameOf(a), a]));
  const base: PodSpec = raw.spec ?? {
    name: raw.name,
    labels: {},
    restartPolicy: 'Always',
    shareProcessNamespace: raw.apps.some((a) => a.joined.pid !== null),
    containers: raw.apps.map((a) => containerSpecFromLabels(a.labels) ?? specFromStatus(a)),
  };
  const containers = base.containers.map((c) => {
    const ctr = running.get(c.name);
    return ctr && ctr.image && ctr.image !== c.image ? { ...c, image: ctr.image } : c;
  });
  // raw.name is the pod's key (namespace/name outside "default"): the manifest keeps its own name and namespace.
  return { ...base, name: raw.spec?.name ?? raw.name, containers };
}

/** The manifest text of `pod`; throws UnknownPodError (exit 2) when podlab has no such pod. */
export async function exportPodManifest(conn: EngineConnection, pod: string, now: Date = new Date()): Promise<string> {
  const [raw] = (await discoverPods(conn.runtime, [pod])).filter((p) => p.name === pod);
  if (!raw) throw new UnknownPodError([pod]);
  const comment = [
    `Pod ${pod}, exported by podlab on ${now.toISOString()} from ${conn.engineName || 'Docker'} ${conn.version} (${conn.endpoint}).`,
    `Launch it again with: podlab launch <this file> --name ${pod}-copy   (or: kubectl apply -f <this file>)`,
  ];
  if (!raw.spec) comment.push('podlab found no launch manifest on this pod: commands are as Docker created the containers.');
  const spec = exportSpec(raw);
  // podlab keeps no copy of the ConfigMaps/Secrets a pod read (Secrets stay out of labels): name them instead.
  const refs = referencedObjects(spec);
  if (refs.length) comment.push(`It reads ${refs.join(', ')}, which podlab keeps no copy of: launch it with their file too (podlab launch <their file> <this file>).`);
  return emitManifest(spec, { comment });
}

/** The v1 Pod manifests of these discovered pods, by name, for snapshots. */
export function podManifests(raws: RawPod[]): Record<string, PodManifest> {
  return Object.fromEntries(raws.map((r) => [r.name, podToManifest(cleanSpec(exportSpec(r)))]));
}
