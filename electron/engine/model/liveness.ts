// Liveness for one-shot readers (launch, ls, inspect, snapshot): each running container's livenessProbe is run once
// — after its initialDelaySeconds, and only once its startupProbe passes — so a failing probe is shown even when no
// podlab process watches (the live model's kubelet has its own prober that kills and restarts: kubelet/prober.ts).
import type { Runtime } from '../runtime/runtime';
import type { RawPod } from '../pods/discover';
import { LABEL_CONTAINER } from '../runtime/vocabulary';
import { runProbeOnce } from '../pods/probe-exec';

export async function gatherLiveness(rt: Runtime, raw: RawPod): Promise<Map<string, boolean> | undefined> {
  const spec = raw.spec;
  const ip = spec?.hostNetwork ? '127.0.0.1' : raw.sandbox?.network?.ip;
  if (!spec || !ip) return undefined;
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  const out = new Map<string, boolean>();
  await Promise.all(
    raw.apps.map(async (a) => {
      const c = all.find((x) => x.name === a.labels[LABEL_CONTAINER]);
      if (!c?.livenessProbe || a.state !== 'running') return;
      const since = Date.now() - Date.parse(a.startedAt ?? '');
      if (!(since >= (c.livenessProbe.initialDelaySeconds ?? 0) * 1000)) return; // the kubelet waits this long
      if (c.startupProbe && !(await runProbeOnce(rt, a.id, c.startupProbe, ip, c))) return; // still starting
      out.set(a.id, await runProbeOnce(rt, a.id, c.livenessProbe, ip, c));
    }),
  );
  return out.size ? out : undefined;
}
