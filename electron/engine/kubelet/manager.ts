// The restart manager of long-lived podlab processes (watch, serve, the app): restarts failed containers with
// the kubelet's back-off, and answers a dead sandbox with SandboxChanged (new sandbox attempt+1, containers
// recreated). All state lives in labels on the containers, so a restarted podlab catches up (docs/kubelet.md).
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import type { RestartPolicy } from '../../../shared/model';
import { LABEL_CONTAINER, LABEL_POD, LABEL_ROLE } from '../../../shared/model';
import { podSpecFromLabels } from '../pods/spec';
import { backoffFromEnv, type BackoffOptions } from '../../../shared/conflicts/backoff';
import { recreatePod, restartContainer } from './actions';
import { attemptOf } from './clone';
import { isHostPortPending, retryPendingPod } from './pending';
import { pendingRestart } from './state';
import { LivenessProber } from './prober';
import { LABEL_SIDECAR } from '../pods/names';

/** How long a sandbox must stay dead before SandboxChanged (the kubelet notices within a relist or two). */
const SANDBOX_GRACE_MS = 2000;

/** A slow resync in case an event was lost (the stream itself drives everything else). */
const SAFETY_RESYNC_MS = 60_000;

export interface KubeletOptions {
  backoff?: BackoffOptions;
  /** Only manage pods for which this is true (tests manage their own pods only). */
  only?: (pod: string) => boolean;
  /** A dead sandbox must stay dead this long before SandboxChanged (lets `rm` finish without a resurrection). */
  sandboxGraceMs?: number;
  /** Called after each action, e.g. to refresh the live model. */
  onAction?: (a: { pod: string; container: string | null; action: 'restart' | 'sandbox-changed' | 'scheduled' | 'liveness-failed'; detail: string }) => void;
}

/** The pod's restartPolicy from the manifest label on its sandbox; Always (the Kubernetes default) when unreadable. */
export function policyOf(labels: Record<string, string> | undefined): RestartPolicy {
  return podSpecFromLabels(labels)?.restartPolicy ?? 'Always';
}

export class Kubelet {
  private timers = new Map<string, NodeJS.Timeout>();
  /** When each hostPort-Pending sandbox was last tried (in memory: a restarted podlab simply tries at once). */
  private lastTry = new Map<string, number>();
  private events: NodeJS.ReadableStream | null = null;
  private stopped = true;
  private safety: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private again = false;
  private readonly backoff: BackoffOptions;
  private readonly prober: LivenessProber;

  constructor(
    private readonly docker: Docker,
    private readonly opts: KubeletOptions = {},
  ) {
    this.backoff = opts.backoff ?? backoffFromEnv(process.env);
    this.prober = new LivenessProber(docker, (pod, container, detail) => this.opts.onAction?.({ pod, container, action: 'liveness-failed', detail }));
  }

  /** Starts listening to the engine's events and catches up on what happened while podlab was not running. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    // Subscribe before the first pass, so an exit between the listing and the subscription is not missed.
    await this.listen(0);
    this.safety = setInterval(() => this.kick(), SAFETY_RESYNC_MS);
    this.safety.unref();
    await this.sync();
  }

  stop(): void {
    this.stopped = true;
    this.prober.stop();
    if (this.safety) clearInterval(this.safety);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const ev = this.events as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
    ev?.destroy?.();
    this.events = null;
  }

  private async listen(attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      const stream = await this.docker.getEvents({ filters: { type: ['container'], label: [LABEL_POD], event: ['die', 'destroy', 'start'] } });
      this.events = stream;
      stream.on('data', () => this.kick());
      stream.on('error', () => undefined);
      stream.on('end', () => {
        if (this.stopped) return;
        // The daemon restarted or the stream broke: resync, and reconnect with back-off.
        setTimeout(() => void this.listen(attempt + 1).then(() => this.kick()), Math.min(1000 * 2 ** attempt, 30_000)).unref();
      });
    } catch {
      if (!this.stopped) setTimeout(() => void this.listen(attempt + 1), Math.min(1000 * 2 ** attempt, 30_000)).unref();
    }
  }

  /** Asks for a sync; coalesces bursts of events into one pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    void this.sync();
  }

  /** One pass over every managed pod: restart what is due, schedule what is backing off. */
  async sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = this.pass().finally(() => {
      this.syncing = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.sync();
      }
    });
    return this.syncing;
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    const list = await this.docker.listContainers({ all: true, filters: { label: [LABEL_POD] } }).catch((): ContainerInfo[] => []);
    const byPod = new Map<string, ContainerInfo[]>();
    for (const c of list) {
      const pod = c.Labels[LABEL_POD]!;
      if (this.opts.only && !this.opts.only(pod)) continue;
      byPod.set(pod, [...(byPod.get(pod) ?? []), c]);
    }
    this.prober.sync([...byPod.values()].flat().filter((c) => c.Labels[LABEL_ROLE] === 'app'));
    for (const [pod, cs] of byPod) {
      try {
        await this.syncPod(pod, cs);
      } catch {
        // One pod's failure (e.g. removed while we looked) must not stop the others; the next event retries.
      }
    }
  }

  private async syncPod(pod: string, cs: ContainerInfo[]): Promise<void> {
    const sandboxes = cs.filter((c) => c.Labels[LABEL_ROLE] === 'sandbox');
    if (sandboxes.length === 0) return;
    const infos = await Promise.all(sandboxes.map((s) => this.docker.getContainer(s.Id).inspect()));
    const sandbox = infos.sort((a, b) => attemptOf(b) - attemptOf(a))[0]!;
    const policy = policyOf(sandbox.Config.Labels);
    const apps = cs.filter((c) => c.Labels[LABEL_ROLE] === 'app');
    const st = sandbox.State.Status;
    if ((st === 'exited' || st === 'dead') && sandbox.State.StartedAt && !sandbox.State.StartedAt.startsWith('0001-')) {
      if (policy !== 'Never') await this.sandboxChanged(pod, sandbox, apps);
      return;
    }
    if (isHostPortPending(sandbox)) {
      // Retry like the scheduler does for a Pending pod, at the back-off base interval.
      const since = Date.now() - (this.lastTry.get(sandbox.Id) ?? 0);
      if (since < this.backoff.baseMs) return this.schedule(`pending/${sandbox.Id}`, this.backoff.baseMs - since);
      this.lastTry.set(sandbox.Id, Date.now());
      if (await retryPendingPod(this.docker, sandbox, apps)) {
        this.lastTry.delete(sandbox.Id);
        this.opts.onAction?.({ pod, container: null, action: 'scheduled', detail: 'hostPort free again' });
      } else this.schedule(`pending/${sandbox.Id}`, this.backoff.baseMs);
      return;
    }
    if (st !== 'running') return;
    for (const app of apps) {
      // Inspect, not the listing: the engine updates its listing only after it has sent the "die" event.
      const info = await this.docker.getContainer(app.Id).inspect().catch(() => null);
      if (!info || (info.State.Status !== 'exited' && info.State.Status !== 'dead')) continue;
      // A native sidecar is always restarted, whatever the pod's restartPolicy (restartPolicy: Always on it).
      const pending = pendingRestart(info, info.Config.Labels?.[LABEL_SIDECAR] === 'true' ? 'Always' : policy, this.backoff);
      if (!pending) continue;
      const wait = pending.dueAt - Date.now();
      if (wait > 0) this.schedule(app.Id, wait);
      else await this.restart(pod, info, sandbox, pending.nextStep);
    }
  }

  private schedule(id: string, waitMs: number): void {
    if (this.timers.has(id)) return;
    const t = setTimeout(() => {
      this.timers.delete(id);
      this.kick();
    }, waitMs + 20);
    t.unref();
    this.timers.set(id, t);
  }

  private async restart(pod: string, old: ContainerInspectInfo, sandbox: ContainerInspectInfo, step: number): Promise<void> {
    const attempt = await restartContainer(this.docker, old, sandbox, step);
    if (attempt != null) this.opts.onAction?.({ pod, container: old.Config.Labels?.[LABEL_CONTAINER] ?? null, action: 'restart', detail: `attempt ${attempt}` });
  }

  /** SandboxChanged, after the sandbox has stayed dead for the grace period. */
  private async sandboxChanged(pod: string, sandbox: ContainerInspectInfo, apps: ContainerInfo[]): Promise<void> {
    const finished = Date.parse(sandbox.State.FinishedAt);
    const grace = this.opts.sandboxGraceMs ?? SANDBOX_GRACE_MS;
    const wait = Number.isNaN(finished) ? 0 : finished + grace - Date.now();
    if (wait > 0) return this.schedule(sandbox.Id, wait);
    const attempt = await recreatePod(this.docker, sandbox, apps);
    if (attempt != null) this.opts.onAction?.({ pod, container: null, action: 'sandbox-changed', detail: `sandbox attempt ${attempt}` });
  }
}
