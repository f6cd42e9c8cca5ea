// The kubelet's liveness prober for podlab's long-lived processes: every running container with a livenessProbe is
// probed each periodSeconds (after initialDelaySeconds, and once its startupProbe has passed); failureThreshold
// failures in a row kill it, and the restart manager restarts it with the back-off like any exited container.
import type { ContainerSpec, ProbeSpec } from '../../../shared/manifest/types';
import { runPreStop } from '../pods/hooks';
import type { ContainerSummary, Runtime } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_POD } from '../runtime/vocabulary';
import { containerSpecFromLabels } from '../pods/spec';
import { runProbeOnce } from '../pods/probe-exec';

interface Tracked {
  timer: NodeJS.Timeout;
  failures: number;
  started: boolean;
}

export class LivenessProber {
  private tracked = new Map<string, Tracked>();
  private stopped = false;

  constructor(
    private readonly rt: Runtime,
    private readonly onKill: (pod: string, container: string, why: string) => void = () => undefined,
  ) {}

  /** Starts probing new running containers with a livenessProbe; forgets the ones that are gone. */
  sync(list: ContainerSummary[]): void {
    if (this.stopped) return;
    const running = new Set<string>();
    for (const c of list) {
      if (c.state !== 'running') continue;
      const spec = containerSpecFromLabels(c.labels);
      if (!spec?.livenessProbe) continue;
      running.add(c.id);
      if (!this.tracked.has(c.id)) this.track(c, spec, spec.livenessProbe);
    }
    for (const [id, t] of this.tracked) {
      if (running.has(id)) continue;
      clearTimeout(t.timer);
      this.tracked.delete(id);
    }
  }

  private track(c: ContainerSummary, spec: ContainerSpec, probe: ProbeSpec): void {
    const t: Tracked = { timer: setTimeout(() => void this.tick(c, spec, probe), (probe.initialDelaySeconds ?? 0) * 1000), failures: 0, started: !spec.startupProbe };
    t.timer.unref();
    this.tracked.set(c.id, t);
  }

  private async tick(c: ContainerSummary, spec: ContainerSpec, probe: ProbeSpec): Promise<void> {
    const t = this.tracked.get(c.id);
    if (!t || this.stopped) return;
    const info = await this.rt.containers.status(c.id).catch(() => null);
    if (info?.state !== 'running') return void this.tracked.delete(c.id);
    const sandbox = info.joined.network ? await this.rt.sandboxes.status(info.joined.network).catch(() => null) : null;
    const ip = sandbox?.network?.ip || '127.0.0.1';
    // Liveness waits for the startupProbe, as the kubelet does.
    const current = t.started ? probe : spec.startupProbe!;
    const ok = await runProbeOnce(this.rt, c.id, current, ip, spec);
    if (!t.started) {
      if (ok) t.started = true;
    } else if (ok) t.failures = 0;
    else t.failures += 1;
    if (t.started && t.failures >= (probe.failureThreshold ?? 3)) {
      this.tracked.delete(c.id);
      this.onKill(c.labels[LABEL_POD] ?? '', c.labels[LABEL_CONTAINER] ?? '', `Liveness probe failed ${t.failures} times`);
      // The kubelet stops it with the grace period; podlab's lab grace is short.
      const grace = await runPreStop(this.rt, c.id, 1).catch(() => 1);
      await this.rt.containers.stop(c.id, grace).catch(() => undefined);
      return;
    }
    t.timer = setTimeout(() => void this.tick(c, spec, probe), (current.periodSeconds ?? 10) * 1000);
    t.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.tracked.values()) clearTimeout(t.timer);
    this.tracked.clear();
  }
}
