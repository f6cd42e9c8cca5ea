// `podlab export <pod>`: the pod's Kubernetes Pod manifest, rebuilt from what podlab stored on its containers'
// labels, with each container's image as it really runs (PODLAB_DEMO_IMAGE overrides included).
import type { ContainerInspectInfo } from 'dockerode';
import { cleanSpec, emitManifest } from '../../../shared/manifest/emit';
import { podToManifest, type PodManifest } from '../../../shared/manifest/manifest';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { LABEL_CONTAINER } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { discoverPods, type RawPod } from '../pods/discover';
import { UnknownPodError } from '../pods/errors';
import { containerSpecFromLabels } from '../pods/spec';

function containerName(c: ContainerInspectInfo): string {
  return c.Config.Labels?.[LABEL_CONTAINER] ?? c.Name.replace(/^\//, '');
}

/** A container spec from what Docker knows when podlab's label is missing: image, command, env are as created. */
function specFromInspect(c: ContainerInspectInfo): ContainerSpec {
  const out: ContainerSpec = { name: containerName(c), image: c.Config.Image, ports: [] };
  if (c.Config.Entrypoint && c.Config.Entrypoint.length > 0) out.command = [...c.Config.Entrypoint];
  if (c.Config.Cmd && c.Config.Cmd.length > 0) out.args = [...c.Config.Cmd];
  return out;
}

/** The pod spec to export: the launch manifest (plus containers added later), images as they run. */
export function exportSpec(raw: RawPod): PodSpec {
  const running = new Map(raw.apps.map((a) => [containerName(a), a]));
  const base: PodSpec = raw.spec ?? {
    name: raw.name,
    labels: {},
    restartPolicy: 'Always',
    shareProcessNamespace: raw.apps.some((a) => (a.HostConfig.PidMode ?? '').startsWith('container:')),
    containers: raw.apps.map((a) => containerSpecFromLabels(a.Config.Labels) ?? specFromInspect(a)),
  };
  const containers = base.containers.map((c) => {
    const ctr = running.get(c.name);
    return ctr && ctr.Config.Image && ctr.Config.Image !== c.image ? { ...c, image: ctr.Config.Image } : c;
  });
  return { ...base, name: raw.name, containers };
}

/** The manifest text of `pod`; throws UnknownPodError (exit 2) when podlab has no such pod. */
export async function exportPodManifest(conn: EngineConnection, pod: string, now: Date = new Date()): Promise<string> {
  const [raw] = (await discoverPods(conn.docker, [pod])).filter((p) => p.name === pod);
  if (!raw) throw new UnknownPodError([pod]);
  const comment = [
    `Pod ${pod}, exported by podlab on ${now.toISOString()} from ${conn.engineName || 'Docker'} ${conn.version} (${conn.endpoint}).`,
    `Launch it again with: podlab launch <this file> --name ${pod}-copy   (or: kubectl apply -f <this file>)`,
  ];
  if (!raw.spec) comment.push('podlab found no launch manifest on this pod: commands are as Docker created the containers.');
  return emitManifest(exportSpec(raw), { comment });
}

/** The v1 Pod manifests of these discovered pods, by name, for snapshots. */
export function podManifests(raws: RawPod[]): Record<string, PodManifest> {
  return Object.fromEntries(raws.map((r) => [r.name, podToManifest(cleanSpec(exportSpec(r)))]));
}
