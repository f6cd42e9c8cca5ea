// The engine facade: implements the one PodlabApi over the engine modules. The CLI, `serve` and Electron main
// all use this (and nothing below it) — no Electron import here. Owner: live model (issue 3); each method
// delegates to the module of the area that owns it.
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
import type { NodeListing } from '../../shared/node';
import { SNAPSHOT_SCHEMA } from '../../shared/model';
import { parseManifest } from '../../shared/manifest/parse';
import type { ParseResult } from '../../shared/manifest/types';
import { manifestWarnings } from '../../shared/manifest/warnings';
import { connectEngine, type ConnectOptions, type EngineConnection } from './docker';
import type { Kubelet } from './kubelet';
import type { BuildOptions } from './model/build';
import type { LaunchedPod } from './pods/discover';
import type { LiveModel } from './model/live';
import * as pods from './pods/lifecycle';
import { listTemplates, templateManifest } from './templates';

// What only some front ends use (live model, kubelet, logs, export) loads on first use: `podlab launch` and the other
// one-shot commands start without it. The model builder loads while a launch waits for the engine.
const modelBuilder = () => import('./model/build');

export class PodlabEngine extends EventEmitter implements PodlabApi {
  private constructor(readonly conn: EngineConnection) {
    super();
  }

  static async connect(env: NodeJS.ProcessEnv = process.env, opts: ConnectOptions = {}): Promise<PodlabEngine> {
    return new PodlabEngine(await connectEngine(env, opts));
  }

  /** Pushes an event to every front end listening. */
  protected push(ev: PushEvent): void {
    this.emit('push', ev);
  }

  private live: LiveModel | null = null;
  private kubelet: Kubelet | null = null;
  private logFollows: (() => void)[] = [];
  private closed = false;

  /** The current model: the live one when live mode runs, else built afresh (optionally for some pods only). */
  async getModel(opts: BuildOptions = {}): Promise<Model> {
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
    live.on('model', (model, cause) => {
      // 'change' carries the engine event a change came from (watch prints its time); front ends get the push.
      this.emit('change', model, cause);
      this.push({ type: 'model', model });
    });
    live.on('engine', (e) => this.emit('engine', e));
    live.on('refresh', (ms, kind) => this.emit('refresh', ms, kind));
    // Restarts like the kubelet while podlab runs live (issue 4; PODLAB_KUBELET=off disables it). What it does that
    // the engine's events do not show (a Pending pod scheduled once its hostPort is free) goes onto the pod's timeline.
    this.kubelet ??= startKubelet(this.conn, process.env, (a) => {
      if (a.action === 'scheduled') this.live?.addPodEvents(a.pod, [scheduledEvent(a.pod)]);
    });
    return live.start();
  }

  listTemplates(): Promise<TemplateInfo[]> {
    return listTemplates();
  }

  async validateManifest(text: string): Promise<ValidateResult> {
    const r = parseManifest(text);
    return r.ok ? { ok: true, errors: [], warnings: manifestWarnings(r.pod, r.warnings) } : { ok: false, errors: r.errors, warnings: r.warnings };
  }

  /** `parsedBefore`: an in-process caller (the CLI) that already parsed this very text hands its result over. */
  async launch(req: LaunchRequest, parsedBefore?: { text: string; result: ParseResult }): Promise<LaunchResult> {
    const text = req.manifest ?? (req.template ? await templateManifest(req.template) : null);
    if (text == null) throw new Error(`Unknown template "${req.template ?? ''}". Choose one of the built-in templates or paste a manifest.`);
    const parsed = parsedBefore?.text === text ? parsedBefore.result : parseManifest(text);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const spec = req.name ? { ...parsed.pod, name: req.name } : parsed.pod;
    // The model builder loads once the launch's first requests are out, while the engine answers them.
    setImmediate(() => modelBuilder().catch(() => undefined));
    const opts = { wait: req.wait, autoName: !req.name && !req.manifest, onPull: (progress: PullProgress) => this.push({ type: 'pull', progress }) };
    const { name, launched } = await pods.launchPodDetailed(this.conn, spec, opts);
    return this.result(name, manifestWarnings(spec, parsed.warnings), launched);
  }

  async addContainer(req: AddContainerRequest): Promise<LaunchResult> {
    await pods.addContainer(
      this.conn,
      req.pod,
      { name: req.container, image: req.image, command: req.command, ports: req.port ? [req.port] : [] },
      { wait: req.wait, onPull: (progress) => this.push({ type: 'pull', progress }) },
    );
    return this.result(req.pod, []);
  }

  private async result(name: string, warnings: string[], launched?: LaunchedPod): Promise<LaunchResult> {
    const model = await (await modelBuilder()).buildModel(this.conn, { pods: [name], events: false, launched });
    const pod = model.pods.find((p) => p.name === name);
    if (!pod) throw new Error(`Pod ${name} disappeared right after it was created.`);
    const ok = pod.conflicts.length === 0 && pod.containers.every((c) => c.state === 'running') && pod.sandbox?.state === 'running';
    return { pod, warnings, ok };
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
    const { followContainerLogs } = await import('./model/logs');
    this.logFollows.forEach((stop) => stop());
    this.logFollows = await followContainerLogs(this.conn, pod, container, (ev) => this.push(ev));
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
    const [{ DockerNodeLister }, model] = await Promise.all([import('./node/docker'), this.getModel()]);
    return new DockerNodeLister(this.conn).nodeListing(model);
  }

  close(): void {
    this.closed = true;
    this.kubelet?.stop();
    this.kubelet = null;
    this.live?.stop();
    this.live = null;
    this.logFollows.forEach((stop) => stop());
    this.logFollows = [];
    this.removeAllListeners();
  }
}
