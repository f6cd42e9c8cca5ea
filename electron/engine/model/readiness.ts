// Readiness of the containers whose readinessProbe is a network probe (tcpSocket, httpGet, grpc): probed once from
// the node to the pod's IP each time the model is built. exec readiness probes run as the engine's healthcheck
// (pods/create.ts), so the engine keeps their answer between builds.
import type { EngineConnection } from '../docker';
import type { RawPod } from '../pods/discover';
import { LABEL_CONTAINER } from '../../../shared/model';
import { runProbeOnce } from '../pods/probe-exec';

export async function gatherReadiness(conn: EngineConnection, raws: RawPod[]): Promise<void> {
  await Promise.all(
    raws.map(async (raw) => {
      const net = Object.values(raw.sandbox?.NetworkSettings?.Networks ?? {})[0];
      const ip = raw.spec?.hostNetwork ? '127.0.0.1' : net?.IPAddress;
      if (!raw.spec || !ip) return;
      const all = [...(raw.spec.initContainers ?? []), ...raw.spec.containers];
      const checks = raw.apps.map(async (a) => {
        const spec = all.find((c) => c.name === a.Config.Labels?.[LABEL_CONTAINER]);
        const probe = spec?.readinessProbe;
        if (!probe || 'exec' in probe || !a.State.Running) return;
        (raw.readiness ??= new Map()).set(a.Id, await runProbeOnce(conn.docker, a.Id, probe, ip, spec));
      });
      await Promise.all(checks);
    }),
  );
}
