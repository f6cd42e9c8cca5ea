// The kubelet's liveness prober for podlab's long-lived processes: every running container with a livenessProbe is
// probed each periodSeconds (after initialDelaySeconds, and once its startupProbe has passed); failureThreshold
// failures in a row kill it, and the restart manager restarts it with the back-off like any exited container.
import type Docker from 'dockerode';
import type { ContainerInfo } from 'dockerode';
import type { ContainerSpec, ProbeSpec } from '../../../shared/manifest/types';
import { LABEL_CONTAINER, LABEL_POD } from '../../../shared/model';
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
    private readonly docker: Docker,
    private readonly onKill: (pod: string, container: string, why: string) => void = () => undefined,
  ) {}

  /** Starts probing new running containers with a livenessProbe; forgets the ones that are gone. */
  sync(list: ContainerInfo[]): void {
    if (this.stopped) return;
    const running = new Set<string>();
    for (const c of list) {
      if (c.State !== 'running') continue;
      const spec = containerSpecFromLabels(c.Labels);
      if (!spec?.livenessProbe) continue;
      running.add(c.Id);
      if (!this.tracked.has(c.Id)) this.track(c, spec, spec.livenessProbe);
    }
    for (const [id, t] of this.tracked) {
      if (running.has(id)) continue;
      clearTimeout(t.timer);
      this.tracked.delete(id);
    }
  }

  private track(c: ContainerInfo, spec: ContainerSpec, probe: ProbeSpec): void {
    const t: Tracked = { timer: setTimeout(() => void this.tick(c, spec, probe), (probe.initialDelaySeconds ?? 0) * 1000), failures: 0, started: !spec.startupProbe };
    t.timer.unref();
    this.tracked.set(c.Id, t);
  }

  private async tick(c: ContainerInfo, spec: ContainerSpec, probe: ProbeSpec): Promise<void> {
    const t = this.tracked.get(c.Id);
    if (!t || this.stopped) return;
    const info = await this.docker.getContainer(c.Id).inspect().catch(() => null);
    if (!info?.State.Running) return void this.tracked.delete(c.Id);
    const ip = Object.values(info.NetworkSettings?.Networks ?? {})[0]?.IPAddress || (await this.sandboxIp(info.HostConfig.NetworkMode ?? ''));
    // Liveness waits for the startupProbe, as the kubelet does.
    const current = t.started ? probe : spec.startupProbe!;
    const ok = await runProbeOnce(this.docker, c.Id, current, ip, spec);
    if (!t.started) {
      if (ok) t.started = true;
    } else if (ok) t.failures = 0;
    else t.failures += 1;
    if (t.started && t.failures >= (probe.failureThreshold ?? 3)) {
      this.tracked.delete(c.Id);
      this.onKill(c.Labels[LABEL_POD] ?? '', c.Labels[LABEL_CONTAINER] ?? '', `Liveness probe failed ${t.failures} times`);
      await this.docker.getContainer(c.Id).kill({ signal: 'SIGKILL' }).catch(() => undefined);
      return;
    }
    t.timer = setTimeout(() => void this.tick(c, spec, probe), (current.periodSeconds ?? 10) * 1000);
    t.timer.unref();
  }

  private async sandboxIp(mode: string): Promise<string> {
    const id = mode.startsWith('container:') ? mode.slice('container:'.length) : '';
    if (!id) return '127.0.0.1';
    const s = await this.docker.getContainer(id).inspect().catch(() => null);
    return Object.values(s?.NetworkSettings?.Networks ?? {})[0]?.IPAddress || '127.0.0.1';
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.tracked.values()) clearTimeout(t.timer);
    this.tracked.clear();
  }
}
