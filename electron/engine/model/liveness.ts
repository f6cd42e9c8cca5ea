// Liveness for one-shot readers (launch, ls, inspect, snapshot): each running container's livenessProbe is run once
// — after its initialDelaySeconds, and only once its startupProbe passes — so a failing probe is shown even when no
// podlab process watches (the live model's kubelet has its own prober that kills and restarts: kubelet/prober.ts).
import type { Runtime } from '../runtime/runtime';
import type { RawPod } from '../pods/discover';
import { runProbeOnce } from '../pods/probe-exec';
import { probeEach } from './readiness';

export function gatherLiveness(rt: Runtime, raw: RawPod): Promise<Map<string, boolean> | undefined> {
  return probeEach(raw, async (a, c, ip) => {
    if (!c.livenessProbe) return undefined;
    const since = Date.now() - Date.parse(a.startedAt ?? '');
    if (!(since >= (c.livenessProbe.initialDelaySeconds ?? 0) * 1000)) return undefined; // the kubelet waits this long
    if (c.startupProbe && !(await runProbeOnce(rt, a.id, c.startupProbe, ip, c))) return undefined; // still starting
    return runProbeOnce(rt, a.id, c.livenessProbe, ip, c);
  });
}
