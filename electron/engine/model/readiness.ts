// Readiness of the containers whose readinessProbe is a network probe (tcpSocket, httpGet, grpc): probed once from
// the node to the pod's IP each time the pod's facts are gathered. exec readiness probes run as the runtime's
// healthcheck (runtime/docker/kube-options.ts), so the runtime keeps their answer between builds.
import type { Runtime } from '../runtime/runtime';
import type { RawPod } from '../pods/discover';
import { LABEL_CONTAINER } from '../runtime/vocabulary';
import { runProbeOnce } from '../pods/probe-exec';

export async function gatherReadiness(rt: Runtime, raw: RawPod): Promise<Map<string, boolean> | undefined> {
  const ip = raw.spec?.hostNetwork ? '127.0.0.1' : raw.sandbox?.network?.ip;
  const spec = raw.spec;
  if (!spec || !ip) return undefined;
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  const out = new Map<string, boolean>();
  await Promise.all(
    raw.apps.map(async (a) => {
      const c = all.find((x) => x.name === a.labels[LABEL_CONTAINER]);
      const probe = c?.readinessProbe;
      if (!probe || 'exec' in probe || a.state !== 'running') return;
      out.set(a.id, await runProbeOnce(rt, a.id, probe, ip, c));
    }),
  );
  return out.size ? out : undefined;
}
