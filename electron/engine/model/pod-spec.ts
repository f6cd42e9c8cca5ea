// What the model shows of a pod's manifest beside its network: native sidecars, volumes and mounts, resources,
// probes and readiness (Docker's health status answers exec readiness probes), hostNetwork.
import type { ContainerModel, PodModel, PodPhase } from '../../../shared/model';
import type { ContainerSpec, VolumeSpec } from '../../../shared/manifest/types';
import type { ContainerStatus } from '../runtime/runtime';
import { LABEL_CONTAINER } from '../runtime/vocabulary';
import type { RawPod } from '../pods/discover';
import { LABEL_SIDECAR } from '../pods/names';
import { msg } from '../../../shared/i18n/message';
import { said } from '../../../shared/i18n/facts';

function volumeType(v: VolumeSpec): { type: string; medium?: string; source?: string } {
  if (v.emptyDir) return { type: 'emptyDir', ...(v.emptyDir.medium ? { medium: v.emptyDir.medium } : {}) };
  if (v.hostPath) return { type: 'hostPath', source: v.hostPath.path };
  if (v.configMap) return { type: 'configMap', source: v.configMap.name };
  if (v.secret) return { type: 'secret', source: v.secret.secretName };
  if (v.downwardAPI) return { type: 'downwardAPI' };
  return { type: 'projected' };
}

/** Ready: the container runs, and its readinessProbe (when it has one) last passed. */
function containerReady(c: ContainerModel, spec: ContainerSpec | undefined, info: ContainerStatus | undefined, network: Map<string, boolean> | undefined): boolean {
  if (c.state !== 'running') return false;
  if (!spec?.readinessProbe) return true;
  if (!('exec' in spec.readinessProbe)) return network?.get(c.id) ?? false;
  return info?.health === 'healthy';
}

function decorate(c: ContainerModel, spec: ContainerSpec | undefined, info: ContainerStatus | undefined, network?: Map<string, boolean>, live?: Map<string, boolean>): void {
  if (info?.labels[LABEL_SIDECAR] === 'true') c.sidecar = true;
  if (!spec) return;
  if (spec.volumeMounts?.length) c.mounts = spec.volumeMounts.map((m) => ({ volume: m.name, path: m.mountPath, readOnly: m.readOnly === true }));
  if (spec.resources) c.resources = spec.resources;
  const probes = (['liveness', 'readiness', 'startup'] as const).filter((k) => spec[`${k}Probe`]);
  if (probes.length) c.probes = probes;
  c.ready = containerReady(c, spec, info, network);
  if (live?.get(c.id) === false) {
    c.live = false;
    // What fails now, and who would act on it: the kubelet restarts; podlab only while it watches.
    if (!c.message) Object.assign(c, said(msg('container.livenessFailing', { container: c.name, threshold: spec.livenessProbe?.failureThreshold ?? 3 })));
  }
}

/** The Ready condition: the pod runs and every container (sidecars included) is ready. */
export function readyOf(phase: PodPhase, containers: ContainerModel[]): boolean {
  return phase === 'Running' && containers.length > 0 && containers.every((c) => c.ready ?? c.state === 'running');
}

/** Decorates the model's containers from the manifest; returns the pod-level additions and the declared init order. */
export function describeSpec(raw: RawPod, containers: ContainerModel[], inits: ContainerModel[]): { pod: Partial<PodModel>; declaredInits: { name: string; sidecar: boolean }[] } {
  const spec = raw.spec;
  const all = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  const byId = new Map([...raw.apps, ...(raw.inits ?? [])].map((a) => [a.id, a]));
  for (const c of [...containers, ...inits]) {
    const info = byId.get(c.id);
    const name = info?.labels[LABEL_CONTAINER] ?? c.name;
    decorate(c, all.find((x) => x.name === name), info, raw.readiness, raw.liveness);
  }
  const pod: Partial<PodModel> = {};
  if (spec?.volumes?.length) pod.volumes = spec.volumes.map((v) => ({ name: v.name, ...volumeType(v) }));
  if (spec?.hostNetwork) pod.hostNetwork = true;
  return { pod, declaredInits: (spec?.initContainers ?? []).map((c) => ({ name: c.name, sidecar: c.restartPolicy === 'Always' })) };
}
