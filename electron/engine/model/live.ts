// Keeps one Model current from Docker events: applies each container event at once, then refreshes that pod from
// inspect + probe; re-probes socket tables at a modest interval; survives daemon restarts (resync from a listing).
import { EventEmitter } from 'node:events';
import type { Model, PlainContainer, PodEvent, PodModel } from '../../../shared/model';
import { LABEL_POD, LABEL_ROLE } from '../runtime/vocabulary';
import type { EngineConnection } from '../docker';
import type { ChangeCause, EngineEvents } from '../engine-events';
import type { RuntimeEvent } from '../runtime/runtime';
import type { BridgeNetwork, EventSubscription } from '../runtime/runtime';
import { discoverAllPods } from '../pods/observed';
import { withOneListing } from '../pods/listing';
import { K8S_POD_UID } from '../runtime/cri/config';
import { podEventsOf } from './apply';
import { applyEventToFacts, emptyPodFacts } from '../facts/apply';
import type { ModelFacts, PodFacts } from '../facts/types';
import { emptyFacts } from '../probe/types';
import { confirmGone } from './gone';
import { gatherFacts } from '../facts/gather';
import { listBridgeNetworks, resetProbePath } from '../facts/probe';
import { deriveModel, derivePod, hostPart, mergeEvents, recordEvents, type DeriveContext } from './derive';
import { engineIdentity } from '../identity';
import { PlainRefresher, markPlainVeths, readPlainContainers } from '../plain/live';
import { useProbeThread } from '../probe/thread';
import { byCodePoint } from '../../../shared/order';

const MAX_EVENTS = 30;
/** Quiet time after a pod's last event before it is re-read (the event itself is applied at once). */
const REFRESH_DELAY_MS = 50;
/** A burst of an observed pod's events (sandbox, containers) costs one full listing. */
const OBSERVED_RESYNC_MS = 300;
/** Re-reads of a pod whose app container is still `created` next to a running sandbox (a start may have failed). */
const RECHECKS = 5;
const RECHECK_MS = 400;


export interface LiveEvents {
  /** The model, the engine event it came from, and the pods that changed (undefined: any may have). */
  model: [Model, ChangeCause | undefined, string[] | undefined];
  engine: EngineEvents['engine'];
  refresh: EngineEvents['refresh'];
}

export class LiveModel extends EventEmitter<LiveEvents> {
  model: Model;
  /** Per pod, the facts it was last derived from: an engine event is applied to them and the pod derived again. */
  private gathered = new Map<string, { facts: PodFacts; ctx: DeriveContext }>();
  private events = new Map<string, PodEvent[]>();
  private networks: BridgeNetwork[] = [];
  private seq = new Map<string, number>();
  /** Per pod, the event sequence number its last successful refresh saw (its stored inspect data is that fresh). */
  private synced = new Map<string, number>();
  private running = new Set<string>();
  private again = new Set<string>();
  private containerStream: EventSubscription;
  private networkStream: EventSubscription;
  private interval: NodeJS.Timeout | null = null;
  private timers = new Map<string, NodeJS.Timeout>();
  private periodicBusy = false;
  /** Set by stop(): a refresh already under way starts no probe after it (a helper container must not outlive us). */
  private stopped = false;
  private rechecks = new Map<string, number>();
  private observedTimer: NodeJS.Timeout | null = null;
  private readonly endProbeThread: () => void;
  /** Containers outside any pod (plain Docker): re-read on network events and with the periodic refresh. */
  private plain = new PlainRefresher(
    () => readPlainContainers(this.conn, this.networks),
    (plain) => this.applyPlain(plain),
  );

  constructor(
    private readonly conn: EngineConnection,
    private readonly refreshMs = conn.config.refreshMs,
  ) {
    super();
    this.model = { engine: { endpoint: conn.endpoint, version: conn.version, apiVersion: conn.apiVersion, os: conn.os, ...engineIdentity(conn) }, host: { bridges: [], veths: [] }, pods: [], connection: 'connected', debugImage: conn.config.demoImage };
    // Every container's events: podlab's update their pod; a kubelet's (observed, read-only) trigger a resync.
    this.containerStream = conn.runtime.events.subscribe({ type: 'container' });
    this.networkStream = conn.runtime.events.subscribe({ type: 'network' });
    // Probes run on a worker thread: an engine event is pushed at once, never after a hundred pods' /proc reads.
    this.endProbeThread = useProbeThread(conn);
  }

  /** Subscribes first, then lists: no event between the listing and the subscription is lost. */
  async start(): Promise<Model> {
    this.containerStream.on('event', (ev) => this.onContainerEvent(ev));
    this.networkStream.on('event', (ev) => this.onNetworkEvent(ev));
    this.containerStream.on('down', (why) => this.onDown(why));
    this.containerStream.on('up', () => void this.onUp());
    await Promise.all([this.containerStream.start(), this.networkStream.start()]);
    await this.firstSync();
    const every = this.model.engine.probe === 'helper' ? Math.max(this.refreshMs, 10_000) : this.refreshMs;
    this.interval = setInterval(() => void this.periodic(), every);
    this.interval.unref();
    return this.model;
  }

  stop(): void {
    this.stopped = true;
    if (this.observedTimer) clearTimeout(this.observedTimer);
    this.containerStream.stop();
    this.networkStream.stop();
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.plain.stop();
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.endProbeThread();
  }

  /** `changed`: the pods this change touched ([] when only the rest of the model did); undefined for a whole new model. */
  private publish(cause?: ChangeCause, changed?: string[]): void {
    this.emit('model', this.model, cause, changed);
  }

  /**
   * Merges the pod's own events (the ones its build derived: BackOff, FailedScheduling, SandboxChanged…) with those
   * recorded so far, and records them too: a derived event stays on the timeline after its cause has passed
   * (recordEvents says which fresh event replaces which recorded one).
   */
  private withEvents(pod: PodModel): PodModel {
    pod.events = recordEvents(this.events.get(pod.name) ?? [], pod).slice(-MAX_EVENTS);
    this.events.set(pod.name, pod.events);
    return pod;
  }

  /** Adds events to a pod's timeline from outside the engine's stream (the restart manager's Scheduled), and publishes. */
  addPodEvents(name: string, events: PodEvent[]): void {
    if (events.length === 0) return;
    this.events.set(name, mergeEvents(this.events.get(name) ?? [], events).slice(-MAX_EVENTS));
    const pod = this.model.pods.find((p) => p.name === name);
    if (!pod) return;
    this.withEvents(pod);
    this.publish(undefined, [name]);
  }

  /**
   * The first listing, again when the engine changed under it: an event applied while it ran (a pod created meanwhile,
   * a container another client replaced) makes it look incomplete to confirmGone. Bounded; the last failure is thrown.
   */
  private async firstSync(): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        return await this.resync();
      } catch (err) {
        if (i >= 4 || this.stopped) throw err;
      }
      await new Promise((r) => setTimeout(r, 200 * (i + 1)));
    }
  }

  /** Full listing: replaces every pod (by name, so none is lost or duplicated). */
  private async resync(): Promise<void> {
    // One listing for podlab's pods, the observed ones and the plain containers (pods/listing.ts).
    const rt = withOneListing(this.conn.runtime);
    const [raws, networks] = await Promise.all([discoverAllPods(rt), listBridgeNetworks(this.conn)]);
    // A daemon that just came back may list containers it cannot inspect yet: never report those as removed.
    const names = new Set([...raws.map((r) => r.name), ...this.model.pods.map((p) => p.name)]);
    await Promise.all([...names].map((n) => confirmGone(this.conn, this.model.pods.find((p) => p.name === n), n, raws.find((r) => r.name === n))));
    this.networks = networks;
    if (this.stopped) return;
    const facts = await gatherFacts(this.conn, raws, { networks });
    const model = deriveModel(facts);
    this.gathered.clear();
    this.remember(facts);
    this.synced = new Map(raws.map((r) => [r.name, this.seq.get(r.name) ?? 0]));
    model.pods.forEach((p) => this.withEvents(p));
    model.plainContainers = await readPlainContainers(this.conn, networks, undefined, rt).catch(() => this.model.plainContainers ?? []);
    markPlainVeths(model.host.veths, model.plainContainers);
    model.debugImage = this.conn.config.demoImage;
    this.model = model;
    this.publish();
  }

  /** Takes a fresh reading of the containers outside any pod; publishes when it changed. */
  private applyPlain(plain: PlainContainer[]): void {
    if (this.stopped || JSON.stringify(plain) === JSON.stringify(this.model.plainContainers ?? [])) return;
    markPlainVeths(this.model.host.veths, plain);
    this.model = { ...this.model, plainContainers: plain };
    this.publish(undefined, []);
  }

  private onDown(why: string): void {
    if (this.model.connection === 'reconnecting') return;
    this.model = { ...this.model, connection: 'reconnecting' };
    this.emit('engine', { state: 'disconnected', at: new Date().toISOString(), reason: why });
    this.publish(undefined, []);
  }

  private async onUp(): Promise<void> {
    resetProbePath(this.conn);
    let synced = false;
    for (let i = 0; i < 5 && !synced; i++) {
      try {
        await this.resync();
        synced = true;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (!synced) {
      // The engine answers events but not a full listing yet: mark every pod stale so the periodic pass re-reads it.
      this.synced.clear();
      this.model = { ...this.model, connection: 'connected' };
    }
    this.emit('engine', { state: 'reconnected', at: new Date().toISOString() });
    this.publish();
  }

  private onContainerEvent(ev: RuntimeEvent): void {
    const name = ev.attributes[LABEL_POD];
    const role = ev.attributes[LABEL_ROLE];
    // An ephemeral (debug) container changes only the pod's ephemeralContainers[]: re-read the pod.
    if (name && role === 'ephemeral' && this.model.pods.some((p) => p.name === name)) return this.scheduleRefresh(name);
    if (!name || (role !== 'sandbox' && role !== 'app')) {
      if (ev.attributes[K8S_POD_UID] && ev.action !== 'exec_create' && ev.action !== 'exec_start' && ev.action !== 'exec_die') this.scheduleObservedResync();
      return;
    }
    const pes = podEventsOf(ev);
    if (pes.length) this.events.set(name, mergeEvents(this.events.get(name) ?? [], pes).slice(-MAX_EVENTS));
    let changed = false;
    const known = this.gathered.get(name);
    const before = known?.facts ?? (ev.action === 'destroy' ? null : emptyPodFacts(name));
    if (before && ev.type === 'container') {
      // The event changes the pod's facts; the pod is derived again from them, as a full read would derive it.
      const after = applyEventToFacts(before, ev);
      if (after !== before || !this.model.pods.some((p) => p.name === name)) {
        const ctx = known?.ctx ?? { probe: emptyFacts(this.model.engine.probe ?? 'none'), at: Date.now(), backoff: this.conn.config.backoff };
        this.gathered.set(name, { facts: after, ctx });
        const pod = this.withEvents(derivePod(after, ctx));
        this.model.pods = [...this.model.pods.filter((p) => p.name !== name), pod].sort((a, b) => byCodePoint(a.name, b.name));
        changed = true;
      }
    }
    const pod = this.model.pods.find((p) => p.name === name);
    if (pod && pes.length && !changed) {
      this.withEvents(pod);
      changed = true;
    }
    if (changed) this.publish({ at: ev.at, timeNano: ev.timeNano, ...(ev.source ? { source: ev.source } : {}) }, [name]);
    this.seq.set(name, (this.seq.get(name) ?? 0) + 1);
    if (ev.action !== 'exec_create' && ev.action !== 'exec_start' && ev.action !== 'exec_die') this.scheduleRefresh(name);
  }

  /** A pod podlab only observes changed: one full listing shortly after a burst of its events (they are rare). */
  private scheduleObservedResync(): void {
    if (this.observedTimer || this.stopped) return;
    this.observedTimer = setTimeout(() => {
      this.observedTimer = null;
      if (!this.stopped) this.resync().catch(() => undefined);
    }, OBSERVED_RESYNC_MS);
  }

  private onNetworkEvent(ev: RuntimeEvent): void {
    const ctr = ev.attributes.container;
    if (!ctr) return;
    const pod = this.model.pods.find((p) => p.sandbox?.id === ctr);
    if (pod) {
      this.seq.set(pod.name, (this.seq.get(pod.name) ?? 0) + 1);
      this.scheduleRefresh(pod.name);
    } else this.plain.schedule();
  }

  /**
   * Schedules a re-read of one pod shortly after its last event: a kill → die → stop burst costs one inspect+probe,
   * and that work stays out of the way of the next event's instant update.
   */
  private scheduleRefresh(name: string, delayMs = REFRESH_DELAY_MS): void {
    clearTimeout(this.timers.get(name));
    const t = setTimeout(() => {
      this.timers.delete(name);
      void this.refreshPod(name);
    }, delayMs);
    t.unref();
    this.timers.set(name, t);
  }

  /** Re-reads one pod (inspect + probe). One refresh per pod at a time; an event during it schedules another. */
  private async refreshPod(name: string): Promise<void> {
    if (this.running.has(name)) {
      this.again.add(name);
      return;
    }
    this.running.add(name);
    this.again.delete(name);
    const t0 = performance.now();
    try {
      const seq = this.seq.get(name) ?? 0;
      const raws = await discoverAllPods(this.conn.runtime, [name]);
      await confirmGone(this.conn, this.model.pods.find((p) => p.name === name), name, raws[0]);
      if (this.stopped) return;
      // A pod that is gone has nothing to probe (on the helper path that would be a container run for nothing).
      const facts = raws.length ? await gatherFacts(this.conn, raws, { networks: this.networks }) : null;
      const mini = facts ? deriveModel(facts) : this.emptyModel();
      // Newer events arrived meanwhile: this read may be stale, and their own refresh is scheduled.
      if ((this.seq.get(name) ?? 0) === seq) {
        if (facts) this.remember(facts);
        else this.gathered.delete(name);
        this.replacePod(name, mini.pods[0] ?? null, mini);
        this.synced.set(name, seq);
        this.recheckStarting(name, mini.pods[0] ?? null);
      }
    } catch {
      // The engine went away mid-refresh: the resync after reconnecting covers it.
    } finally {
      this.running.delete(name);
      this.emit('refresh', performance.now() - t0, 'pod');
      if (this.again.has(name)) this.scheduleRefresh(name);
    }
  }

  /** Keeps the facts pods were derived from (all of them, or the one named), for the next event to apply to. */
  private remember(facts: ModelFacts, only?: string): void {
    const ctx: DeriveContext = { probe: facts.probe, at: facts.at, backoff: facts.backoff };
    for (const f of facts.pods) if (!only || f.raw.name === only) this.gathered.set(f.raw.name, { facts: f, ctx });
  }

  /** The model of no pods: a pod that is gone has nothing to probe (on the helper path that would run a container for nothing). */
  private emptyModel(): Model {
    const facts = { runtime: { ...this.conn, kind: this.conn.runtime.info.kind }, probe: emptyFacts(this.model.engine.probe ?? 'none'), networks: this.networks };
    return { ...hostPart(facts, []), pods: [], connection: 'connected' };
  }

  /**
   * A start that fails leaves its container `created` with State.Error and sends no engine event: while a running
   * sandbox has an app still `created`, read the pod again a few times (bounded) so RunContainerError shows.
   */
  private recheckStarting(name: string, pod: PodModel | null): void {
    const starting = pod?.sandbox?.state === 'running' && pod.containers.some((c) => c.state === 'created' && c.reason === 'ContainerCreating');
    const n = this.rechecks.get(name) ?? 0;
    if (!starting) this.rechecks.delete(name);
    else if (n < RECHECKS && !this.timers.has(name)) {
      this.rechecks.set(name, n + 1);
      this.scheduleRefresh(name, RECHECK_MS);
    }
  }

  private replacePod(name: string, pod: PodModel | null, fresh: Model): void {
    const before = JSON.stringify(this.model.pods.find((p) => p.name === name) ?? null);
    const others = this.model.pods.filter((p) => p.name !== name);
    // A pod that is gone takes its timeline with it (a new pod of the same name starts a fresh one).
    if (!pod) this.events.delete(name);
    const pods = pod ? [...others, this.withEvents(pod)].sort((a, b) => byCodePoint(a.name, b.name)) : others;
    // The probe read the host's interfaces too: take its bridges and veths, re-attributing veths to every pod.
    const host = {
      bridges: fresh.host.bridges.length ? fresh.host.bridges : this.model.host.bridges,
      veths: fresh.host.veths.length ? fresh.host.veths : this.model.host.veths,
    };
    for (const v of host.veths) v.pod = pods.find((p) => p.hostVeth === v.name)?.name ?? null;
    markPlainVeths(host.veths, this.model.plainContainers);
    this.model = { ...this.model, engine: fresh.engine, host, pods };
    if (before !== JSON.stringify(pod)) this.publish(undefined, [name]);
  }

  /**
   * Socket tables change without events: re-probe the pods whose inspect data is current (no inspect calls), and
   * publish only what changed. Pods with a refresh pending are left to it; events on other pods do not block this.
   */
  private async periodic(): Promise<void> {
    if (this.periodicBusy || this.model.connection === 'reconnecting') return;
    const current = (name: string): boolean => this.synced.get(name) === (this.seq.get(name) ?? 0) && !this.running.has(name);
    for (const p of this.model.pods) if (!current(p.name) && !this.running.has(p.name) && !this.timers.has(p.name)) this.scheduleRefresh(p.name);
    // Their gathered facts are the last read of the runtime: no event has been applied to them since.
    const raws = [...this.gathered.values()].map((g) => g.facts.raw).filter((r) => current(r.name));
    this.plain.schedule(0);
    if (raws.length === 0) return;
    this.periodicBusy = true;
    const t0 = performance.now();
    try {
      const seqs = new Map(raws.map((r) => [r.name, this.seq.get(r.name) ?? 0]));
      if (this.stopped) return;
      const facts = await gatherFacts(this.conn, raws, { networks: this.networks });
      const fresh = deriveModel(facts);
      const touched: string[] = [];
      const pods = this.model.pods.map((old) => {
        const p = fresh.pods.find((x) => x.name === old.name);
        if (!p || seqs.get(old.name) !== (this.seq.get(old.name) ?? 0) || !current(old.name)) return old;
        this.remember(facts, old.name);
        this.withEvents(p);
        if (JSON.stringify(p) === JSON.stringify(old)) return old;
        touched.push(p.name);
        return p;
      });
      const host = fresh.host.veths.length ? fresh.host : this.model.host;
      for (const v of host.veths) v.pod = pods.find((p) => p.hostVeth === v.name)?.name ?? null;
      markPlainVeths(host.veths, this.model.plainContainers);
      const changed = touched.length > 0 || JSON.stringify(host) !== JSON.stringify(this.model.host);
      this.model = { ...this.model, engine: fresh.engine, host, pods };
      if (changed) this.publish(undefined, touched);
    } catch {
      // Engine gone: the event stream's reconnect takes over.
    } finally {
      this.periodicBusy = false;
      this.emit('refresh', performance.now() - t0, 'periodic');
    }
  }
}
