// Readiness of the containers whose readinessProbe is a network probe (tcpSocket, httpGet, grpc): probed once from
// the node to the pod's IP each time the pod's facts are gathered. exec readiness probes run as the runtime's
// healthcheck (runtime/docker/kube-options.ts), so the runtime keeps their answer between builds.
import type { ContainerSpec } from '../../../shared/manifest/types';
import type { ContainerStatus, Runtime } from '../runtime/runtime';
import type { RawPod } from '../pods/discover';
import { LABEL_CONTAINER } from '../runtime/vocabulary';
import { runProbeOnce } from '../pods/probe-exec';

/** One answer per running container of the pod that `ask` answers (undefined: no answer); undefined when none did. */
export async function probeEach(raw: RawPod, ask: (a: ContainerStatus, c: ContainerSpec, ip: string) => Promise<boolean | undefined>): Promise<Map<string, boolean> | undefined> {
  const spec = raw.spec;
  const ip = spec?.hostNetwork ? '127.0.0.1' : raw.sandbox?.network?.ip;
  if (!spec || !ip) return undefined;
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  const out = new Map<string, boolean>();
  await Promise.all(
    raw.apps.map(async (a) => {
      const c = all.find((x) => x.name === a.labels[LABEL_CONTAINER]);
      if (!c || a.state !== 'running') return;
      const answer = await ask(a, c, ip);
      if (answer !== undefined) out.set(a.id, answer);
    }),
  );
  return out.size ? out : undefined;
}

export function gatherReadiness(rt: Runtime, raw: RawPod): Promise<Map<string, boolean> | undefined> {
  return probeEach(raw, async (a, c, ip) => (c.readinessProbe && !('exec' in c.readinessProbe) ? runProbeOnce(rt, a.id, c.readinessProbe, ip, c) : undefined));
}
