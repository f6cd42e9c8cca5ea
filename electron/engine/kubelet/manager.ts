// The restart manager of long-lived podlab processes (watch, serve, the app): restarts failed containers with
// the kubelet's back-off, and answers a dead sandbox with SandboxChanged (new sandbox attempt+1, containers
// recreated). All state lives in labels on the containers, so a restarted podlab catches up (docs/kubelet.md).
import type { RestartPolicy } from '../../../shared/model';
import type { ContainerStatus, ContainerSummary, EventSubscription, Runtime, SandboxStatus } from '../runtime/runtime';
import { attemptOf, LABEL_CONTAINER, LABEL_POD, roleOf } from '../runtime/vocabulary';
import { podSpecFromLabels } from '../pods/spec';
import { listPodlabContainers } from '../pods/guard';
import { KUBELET_BACKOFF, type BackoffOptions } from '../../../shared/conflicts/backoff';
import { recreatePod, restartContainer } from './actions';
import { isHostPortPending, retryPendingPod, unrecordedStartWait } from './pending';
import { newestAttempts } from './previous';
import { pendingRestart, startFailed, UNRECORDED_START_MS } from './state';
import { LivenessProber } from './prober';
import { advanceInit, isInit, isSidecar, phaseIdle } from './init-phase';
import { LABEL_AWAIT_INIT } from '../pods/names';

/** How long a sandbox must stay dead before SandboxChanged (the kubelet notices within a relist or two). */
const SANDBOX_GRACE_MS = 2000;

/** How often, and for how long after its creation, a container not started yet is looked at again (see syncPod). */
const RELIST_MS = 1000;
const YOUNG_MS = UNRECORDED_START_MS + 20_000;

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

/**
 * The policy one container is restarted under: a native sidecar always (restartPolicy: Always on it, whatever the
 * pod's); a plain init container only when it failed (Kubernetes treats Always as OnFailure for init containers —
 * a completed one never runs again in the same sandbox); an app container under the pod's.
 */
export function restartPolicyOf(c: Pick<ContainerStatus, 'labels'>, pod: RestartPolicy): RestartPolicy {
  if (isSidecar(c)) return 'Always';
  if (isInit(c)) return pod === 'Never' ? 'Never' : 'OnFailure';
  return pod;
}

/** The pod's restartPolicy from the manifest label on its sandbox; Always (the Kubernetes default) when unreadable. */
export function policyOf(labels: Record<string, string> | undefined): RestartPolicy {
  return podSpecFromLabels(labels)?.restartPolicy ?? 'Always';
}

export class Kubelet {
  private timers = new Map<string, NodeJS.Timeout>();
  /** When each hostPort-Pending sandbox was last tried (in memory: a restarted podlab simply tries at once). */
  private lastTry = new Map<string, number>();
  private events: EventSubscription | null = null;
  private stopped = true;
  private safety: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private again = false;
  private readonly backoff: BackoffOptions;

  constructor(
    private readonly rt: Runtime,
    private readonly opts: KubeletOptions = {},
  ) {
    // The kubelet's own back-off unless the caller's configuration says otherwise (tests shorten it).
    this.backoff = opts.backoff ?? KUBELET_BACKOFF;
    this.prober = new LivenessProber(rt, (pod, container, detail) => this.opts.onAction?.({ pod, container, action: 'liveness-failed', detail }));
  }

  private readonly prober: LivenessProber;

  /** Starts listening to the engine's events and catches up on what happened while podlab was not running. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    // Subscribe before the first pass, so an exit between the listing and the subscription is not missed.
    await this.listen();
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
    this.events?.stop();
    this.events = null;
  }

  /**
   * Stops, then waits for a pass already under way to end: a caller that removes the pods next (a test's cleanup,
   * `rm --all` beside a running kubelet) must not race a late restart that creates one more attempt after its listing.
   */
  async halt(): Promise<void> {
    this.stop();
    await this.syncing?.catch(() => undefined);
  }

  /**
   * Every creation, exit, start and removal of a podlab container asks for a pass; after a reconnect, one pass catches
   * up. A creation because its start may fail, which the engine announces with no event at all (young, below).
   */
  private async listen(): Promise<void> {
    const events = this.rt.events.subscribe({ type: 'container', pod: true, actions: ['create', 'die', 'destroy', 'start'] });
    this.events = events;
    events.on('event', () => this.kick());
    events.on('up', () => this.kick());
    await events.start();
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
    const list = await listPodlabContainers(this.rt).catch((): ContainerSummary[] => []);
    const byPod = new Map<string, ContainerSummary[]>();
    for (const c of list) {
      const pod = c.labels[LABEL_POD]!;
      if (this.opts.only && !this.opts.only(pod)) continue;
      byPod.set(pod, [...(byPod.get(pod) ?? []), c]);
    }
    this.prober.sync([...byPod.values()].flat().filter((c) => roleOf(c.labels) === 'app'));
    for (const [pod, cs] of byPod) {
      // Stopped mid-pass: the pods left are not touched any more (halt() waits only for the one under way).
      if (this.stopped) break;
      try {
        await this.syncPod(pod, cs);
      } catch {
        // One pod's failure (e.g. removed while we looked) must not stop the others; the next event retries.
      }
    }
  }

  private async syncPod(pod: string, cs: ContainerSummary[]): Promise<void> {
    const sandboxes = cs.filter((c) => roleOf(c.labels) === 'sandbox');
    if (sandboxes.length === 0) return;
    const infos = (await Promise.all(sandboxes.map((s) => this.rt.sandboxes.status(s.id)))).filter((s) => s !== null);
    const sandbox = infos.sort((a, b) => attemptOf(b) - attemptOf(a))[0];
    if (!sandbox) return;
    const policy = policyOf(sandbox.labels);
    const apps = cs.filter((c) => roleOf(c.labels) === 'app');
    // Plain init containers (role init) come back with a new sandbox; between sandboxes only a re-run phase's are ours.
    const inits = cs.filter((c) => roleOf(c.labels) === 'init');
    const st = sandbox.state;
    if ((st === 'exited' || st === 'dead') && sandbox.startedAt) {
      if (policy !== 'Never') await this.sandboxChanged(pod, sandbox, [...apps, ...inits]);
      return;
    }
    // An engine that records no start error (Podman): look again once the sandbox has stayed created long enough.
    const unrecorded = unrecordedStartWait(sandbox);
    if (unrecorded > 0) return this.schedule(`pending/${sandbox.id}`, unrecorded);
    if (isHostPortPending(sandbox)) {
      // Retry like the scheduler does for a Pending pod, at the back-off base interval.
      const since = Date.now() - (this.lastTry.get(sandbox.id) ?? 0);
      if (since < this.backoff.baseMs) return this.schedule(`pending/${sandbox.id}`, this.backoff.baseMs - since);
      this.lastTry.set(sandbox.id, Date.now());
      if (await retryPendingPod(this.rt, sandbox, apps)) {
        this.lastTry.delete(sandbox.id);
        this.opts.onAction?.({ pod, container: null, action: 'scheduled', detail: 'hostPort free again' });
      } else this.schedule(`pending/${sandbox.id}`, this.backoff.baseMs);
      return;
    }
    if (st !== 'running') return;
    // Inspect, not the listing: the engine updates its listing only after it has sent the "die" event.
    const managed = [...apps, ...inits.filter((c) => c.labels[LABEL_AWAIT_INIT] === 'true')];
    const statuses = (await Promise.all(newestAttempts(managed).map((a) => this.rt.containers.status(a.id).catch(() => null)))).filter((x) => x !== null);
    // A re-run init phase (after SandboxChanged) goes one step further; what it starts is not to be restarted now.
    const started = await advanceInit(this.rt, statuses);
    if (phaseIdle(statuses, started)) this.schedule(`init/${sandbox.id}`, this.backoff.baseMs);
    // A container just created may still be starting, and a start that fails sends no event: look again shortly while
    // it is young, as the kubelet's relist (every second) would find it (Podman's, which records nothing, once it has
    // stayed created UNRECORDED_START_MS).
    const now = Date.now();
    if (statuses.some((c) => c.state === 'created' && !startFailed(c) && now - Date.parse(c.createdAt) < YOUNG_MS)) this.schedule(`young/${sandbox.id}`, RELIST_MS);
    for (const info of statuses) {
      if (started.includes(info.id) || (info.state !== 'exited' && info.state !== 'dead' && info.state !== 'created')) continue;
      const pending = pendingRestart(info, restartPolicyOf(info, policy), this.backoff, { sandbox, now });
      if (!pending) continue;
      const wait = pending.dueAt - Date.now();
      if (wait > 0) this.schedule(info.id, wait);
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

  private async restart(pod: string, old: ContainerStatus, sandbox: SandboxStatus, step: number): Promise<void> {
    const attempt = await restartContainer(this.rt, old, sandbox, step);
    if (attempt != null) this.opts.onAction?.({ pod, container: old.labels[LABEL_CONTAINER] ?? null, action: 'restart', detail: `attempt ${attempt}` });
  }

  /** SandboxChanged, after the sandbox has stayed dead for the grace period. */
  private async sandboxChanged(pod: string, sandbox: SandboxStatus, apps: ContainerSummary[]): Promise<void> {
    const finished = Date.parse(sandbox.finishedAt ?? '');
    const grace = this.opts.sandboxGraceMs ?? SANDBOX_GRACE_MS;
    const wait = Number.isNaN(finished) ? 0 : finished + grace - Date.now();
    if (wait > 0) return this.schedule(sandbox.id, wait);
    const attempt = await recreatePod(this.rt, sandbox, apps.map((a) => a.id));
    if (attempt != null) this.opts.onAction?.({ pod, container: null, action: 'sandbox-changed', detail: `sandbox attempt ${attempt}` });
  }
}
