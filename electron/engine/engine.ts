// The engine facade: implements the one PodlabApi over the engine modules. The CLI, `serve` and Electron main use
// this and the engine's other top-level modules, nothing below them (eslint enforces it; docs/architecture.md) — no
// Electron import here. Each method delegates to the module of the area that owns it.
import { EventEmitter } from 'node:events';
import type {
  AddContainerRequest,
  ContainerAction,
  LaunchRequest,
  LaunchResult,
  PlainLaunchResult,
  PodlabApi,
  PullProgress,
  PushEvent,
  TemplateInfo,
  ValidateResult,
} from '../../shared/api';
import type { Model, Snapshot } from '../../shared/model';
import type { ProveResult } from '../../shared/hands/prove';
import type { NodeListing } from '../../shared/node';
import { SNAPSHOT_SCHEMA } from '../../shared/model';
import { imageReferenceError } from '../../shared/manifest/image';
import { parseManifest } from '../../shared/manifest/parse';
import { splitPodTexts } from '../../shared/manifest/multi';
import type { ParseResult } from '../../shared/manifest/types';
import { manifestWarningMessages } from '../../shared/manifest/warnings';
import { render } from '../../shared/i18n/message';
import { connectEngine, type ConnectOptions, type EngineConnection } from './docker';
import type { PodlabConfig } from './config';
import type { EngineEvents } from './engine-events';
import type { Kubelet } from './kubelet';
import { launchFromRequest, podResult, type LaunchConnection } from './launch';
import { LogFollows } from './model/follows';
import type { LiveModel } from './model/live';
import * as pods from './pods/lifecycle';
import { hookEvent, hookFailures, type HookFailure } from './pods/hooks';
import { listTemplates } from './templates';


// What only some front ends use (live model, kubelet, logs, export) loads on first use: `podlab launch` and the other
// one-shot commands start without it. The model builder loads while a launch waits for the engine.
const modelBuilder = () => import('./model/build');

/** The subscriber of followLogs() called in-process (its lines are pushed to every listener). */
const LOCAL_SUBSCRIBER = 'local';

export class PodlabEngine extends EventEmitter<EngineEvents> implements PodlabApi {
  private constructor(private readonly connection: LaunchConnection) {
    super();
  }

  /** The connection to the engine (after a quick connection's launch, the proper one it looked for). */
  get conn(): EngineConnection {
    return this.connection.conn;
  }

  /** Connects to the first engine endpoint that answers, and asks its version. */
  static async connect(env: NodeJS.ProcessEnv = process.env, config?: PodlabConfig, opts: Pick<ConnectOptions, 'listAhead'> = {}): Promise<PodlabEngine> {
    return new PodlabEngine({ conn: await connectEngine(env, { ...opts, ...(config ? { config } : {}) }), quick: false });
  }

  /**
   * Takes the first engine endpoint that exists without asking it anything, for a one-shot command whose first
   * requests tell whether it answers (`podlab launch`: a launch that finds no engine there looks again properly).
   */
  static async connectQuick(env: NodeJS.ProcessEnv = process.env, config?: PodlabConfig): Promise<PodlabEngine> {
    return new PodlabEngine({ conn: await connectEngine(env, { ping: false, ...(config ? { config } : {}) }), quick: true, env });
  }

  /** The validated configuration this engine runs with (loadConfig of its entry point's environment). */
  get config(): PodlabConfig {
    return this.conn.config;
  }

  /** Pushes an event to every front end listening. */
  protected push(ev: PushEvent): void {
    this.emit('push', ev);
  }

  private live: LiveModel | null = null;
  private kubelet: Kubelet | null = null;
  private readonly follows = new LogFollows();
  private closed = false;

  /** The current model: the live one when live mode runs, else built afresh (optionally for some pods only). */
  async getModel(opts: { pods?: string[]; plain?: boolean } = {}): Promise<Model> {
    if (this.live) {
      const m = this.live.model;
      return opts.pods ? { ...m, pods: m.pods.filter((p) => opts.pods!.includes(p.name)) } : m;
    }
    return (await modelBuilder()).buildModel(this.conn, opts);
  }

  /**
   * Live mode: keeps one model current from Docker events and pushes `{type:'model'}` on every change (no debounce).
   * `engine` events (disconnected/reconnected) are emitted as 'engine' on this emitter too.
   */
  async startLive(): Promise<Model> {
    if (this.live) return this.live.model;
    const [{ LiveModel }, { startKubelet }, { scheduledEvent }] = await Promise.all([import('./model/live'), import('./kubelet'), import('./kubelet/events')]);
    if (this.live) return (this.live as LiveModel).model;
    if (this.closed) throw new Error('this podlab engine was closed while its live model was starting');
    const live = new LiveModel(this.conn);
    this.live = live;
    live.on('model', (model, cause, changed) => {
      // 'change' carries the engine event a change came from (watch prints its time); front ends get the push, with the
      // pods that changed so that the session sends them only those (model-delta.ts).
      this.emit('change', model, cause);
      this.push(changed ? { type: 'model', model, changed } : { type: 'model', model });
    });
    live.on('engine', (e) => this.emit('engine', e));
    live.on('refresh', (ms, kind) => this.emit('refresh', ms, kind));
    // Restarts like the kubelet while podlab runs live (docs/kubelet.md; PODLAB_KUBELET=off disables it). What it does that
    // the engine's events do not show (a Pending pod scheduled once its hostPort is free) goes onto the pod's timeline.
    this.kubelet ??= startKubelet(this.conn, (a) => {
      if (a.action === 'scheduled') this.live?.addPodEvents(a.pod, [scheduledEvent(a.pod)]);
    });
    // Lifecycle-hook failures of this process (FailedPostStartHook, FailedPreStopHook) go onto the pod's timeline too.
    hookFailures.on('failure', this.onHookFailure);
    return live.start();
  }

  listTemplates(): Promise<TemplateInfo[]> {
    return listTemplates(this.conn.config);
  }

  /** How manifests are parsed: in-process by default; `serve` and Electron hand in a worker thread (validate/pool.ts). */
  private parseText: (text: string) => Promise<ParseResult> = async (text) => parseManifest(text);

  useManifestParser(parse: (text: string) => Promise<ParseResult>): void {
    this.parseText = parse;
  }

  async validateManifest(text: string): Promise<ValidateResult> {
    // A file with several Pods: each validated (the launch dialog then launches each, as `podlab launch FILE` does).
    const several = splitPodTexts(text);
    if (several) return (await import('./validate/several')).validateSeveral(several, this.parseText);
    const r = await this.parseText(text);
    if (!r.ok) return { ok: false, errors: r.errors, warnings: r.warnings };
    const warningWhy = manifestWarningMessages(r.pod, r.warnings);
    return { ok: true, errors: [], warnings: warningWhy.map((m) => render(m)), warningWhy };
  }

  launch(req: LaunchRequest): Promise<LaunchResult> {
    return launchFromRequest(this.connection, req, (progress: PullProgress) => this.push({ type: 'pull', progress }), this.parseText);
  }

  async addContainer(req: AddContainerRequest): Promise<LaunchResult> {
    const imageErr = imageReferenceError(req.image);
    if (imageErr) throw new Error(`image: Invalid value: ${JSON.stringify(req.image)}: ${imageErr}`);
    await pods.addContainer(
      this.conn,
      req.pod,
      { name: req.container, image: req.image, command: req.command, ports: req.port ? [req.port] : [] },
      { wait: req.wait, onPull: (progress) => this.push({ type: 'pull', progress }) },
    );
    return podResult(this.conn, req.pod, []);
  }

  containerAction(pod: string, container: string, action: ContainerAction): Promise<void> {
    return pods.containerAction(this.conn, pod, container, action);
  }

  killSandbox(pod: string): Promise<void> {
    return pods.killSandbox(this.conn, pod);
  }

  removePod(pod: string): Promise<void> {
    return pods.removePods(this.conn, [pod]);
  }

  async removeAll(): Promise<number> {
    return (await pods.removeAllPods(this.conn)).length;
  }

  /** Removes these pods (the known ones even when some are unknown, then UnknownPodError names the rest). */
  removePods(names: string[]): Promise<void> {
    return pods.removePods(this.conn, names);
  }

  /** Removes every podlab pod; resolves to the names removed. */
  removeAllPods(): Promise<string[]> {
    return pods.removeAllPods(this.conn);
  }

  /** Resolves once no helper probe container of this process runs (a process exiting earlier would leave one). */
  async idle(): Promise<void> {
    await (await import('./probe/helper')).helperIdle(this.conn);
  }

  async snapshot(only?: string[]): Promise<Snapshot> {
    const [{ buildModelAndPods }, { podManifests }] = await Promise.all([modelBuilder(), import('./export/manifest')]);
    const { model, raws } = await buildModelAndPods(this.conn, { pods: only });
    const manifests = podManifests(raws);
    const snap: Snapshot = { schema: SNAPSHOT_SCHEMA, takenAt: new Date().toISOString(), engine: model.engine, host: model.host, pods: model.pods, manifests };
    if (model.plainContainers) snap.plainContainers = model.plainContainers;
    return snap;
  }

  async exportManifest(pod: string): Promise<string> {
    return (await import('./export/manifest')).exportPodManifest(this.conn, pod).catch(async (err: unknown) => {
      // Not a pod: maybe a plain group of that name (launch --plain).
      const plain = await (await import('./plain/facade')).exportPlainManifest(this.conn, pod);
      if (plain === null) throw err;
      return plain;
    });
  }

  async logs(pod: string, container: string, tail: number): Promise<string[]> {
    return (await import('./model/logs')).tailContainerLogs(this.conn, pod, container, tail);
  }

  /** Follows one container's log (or every container of the pod when null) as `log` push events; replaces earlier follows. */
  async followLogs(pod: string, container: string | null): Promise<void> {
    return this.followLogsFor(LOCAL_SUBSCRIBER, pod, container, (ev) => this.push(ev));
  }

  /** One subscriber's follow (a `serve` client, a window): its lines go to `onLog` only; replaces only its own follow. */
  async followLogsFor(subscriber: string, pod: string, container: string | null, onLog: (ev: PushEvent) => void): Promise<void> {
    const { followContainerLogs } = await import('./model/logs');
    await this.follows.follow(subscriber, () => followContainerLogs(this.conn, pod, container, onLog));
  }

  /** Stops a subscriber's follow (e.g. its client went away). */
  stopLogs(subscriber: string = LOCAL_SUBSCRIBER): void {
    this.follows.stop(subscriber);
  }

  /** Open log streams of every subscriber (tests check that follows do not leak). */
  get logStreams(): number {
    return this.follows.streams;
  }

  async previousLogs(pod: string, container: string, tail: number): Promise<string[]> {
    return (await import('./hands/logs')).previousLogLines(this.conn, pod, container, tail);
  }

  async prove(pod: string): Promise<ProveResult> {
    return (await import('./hands/prove')).provePod(this.conn, pod);
  }

  /** `launch --plain`: the manifest the Docker way (plain/facade.ts). */
  async launchPlain(req: LaunchRequest, parsedBefore?: { text: string; result: ParseResult }): Promise<PlainLaunchResult> {
    const { launchPlainRequest } = await import('./plain/facade');
    return launchPlainRequest(this.conn, req, (progress) => this.push({ type: 'pull', progress }), parsedBefore);
  }

  async removePlainGroup(group: string): Promise<void> {
    return (await import('./plain/remove')).removePlainGroupOnly(this.conn, group);
  }

  /** The runtime's own listing, each row mapped to the current model. */
  async nodeListing(): Promise<NodeListing> {
    const [{ nodeListing }, model] = await Promise.all([import('./node/listing'), this.getModel()]);
    return nodeListing(this.conn, model);
  }

  private readonly onHookFailure = (f: HookFailure): void => this.live?.addPodEvents(f.pod, [hookEvent(f)]);

  /**
   * Stops everything at once; resolves when a kubelet pass already under way has ended, so a caller that removes pods
   * or switches runtime next does not race a late restart (a container created after close()).
   */
  async close(): Promise<void> {
    this.closed = true;
    hookFailures.off('failure', this.onHookFailure);
    const halted = this.kubelet?.halt();
    this.kubelet = null;
    this.live?.stop();
    this.live = null;
    this.follows.stopAll();
    this.removeAllListeners();
    await halted;
  }
}
