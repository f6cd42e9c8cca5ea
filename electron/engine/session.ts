// Keeps one engine session for a front end (Electron main or `podlab serve`): connects, retries every 2 s while no
// engine answers (pushing a `no-engine` state with what was tried), forwards the engine's push events, and
// validates every request against shared/contract.ts before it reaches the engine. No Electron import here.
import { EventEmitter } from 'node:events';
import { dispatch, validateConnectRuntime, validateRequest, type ClientPush, type NoEnginePush } from '../../shared/contract';
import { isRuntimeMethod, type ConnectRuntimeResult } from '../../shared/runtime-connect';
import type { Model } from '../../shared/model';
import { ModelDeltas } from '../../shared/model-delta';
import { NoEngineError, describeError, type EngineConnection } from './docker';
import { PodlabEngine } from './engine';
import { loadConfig, type PodlabConfig } from './config';
import { ManifestParserPool } from './validate/pool';
import { criEndpoint } from './runtime-endpoint';
import { engineIdentity } from './identity';

/** Who a request comes from: per-client state in the session (e.g. its log follows) hangs on the id. */
export interface ClientLink {
  id: string;
  push(ev: ClientPush): void;
}

export const RETRY_MS = 2000;

interface LiveCapable {
  startLive?: () => Promise<void> | void;
  stopLive?: () => Promise<void> | void;
}

export class EngineSession extends EventEmitter {
  private engine: PodlabEngine | null = null;
  private noEngine: NoEnginePush | null = null;
  private lastModel: Model | null = null;
  /** Model changes as deltas: `deltaBase` once a whole model of the current engine went out. */
  private readonly deltas = new ModelDeltas();
  private deltaBase = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Manifests are parsed on a worker thread: one slow manifest must not stall every client. */
  private readonly parser = new ManifestParserPool();
  /** Counts runtime switches: a connect that finishes after a newer switch gives its engine up. */
  private generation = 0;
  /** The environment connections read; the runtime switch changes CONTAINER_RUNTIME_ENDPOINT in this copy only. */
  private env: NodeJS.ProcessEnv;

  /**
   * `config`: what the front end's entry point loaded from `env` (loaded here when not given). `runtimeSwitch`: whether
   * clients may reconnect the session to another runtime (off for `serve --host` beyond loopback without --allow-exec).
   */
  constructor(
    env: NodeJS.ProcessEnv = process.env,
    private readonly config: PodlabConfig = loadConfig(env),
    private readonly opts: { runtimeSwitch?: boolean } = {},
  ) {
    super();
    this.env = { ...env };
  }

  /** Starts connecting; never throws: a missing engine becomes a `no-engine` push and a retry. */
  start(): void {
    void this.connect();
  }

  /** What a newly attached client needs first: the last model or the no-engine state. */
  current(): ClientPush | null {
    if (this.noEngine) return this.noEngine;
    return this.lastModel ? { type: 'model', model: this.lastModel } : null;
  }

  /** The engine connection, for per-client features that live beside the API (terminals); null while connecting. */
  connection(): EngineConnection | null {
    return this.engine?.conn ?? null;
  }

  /** `client`: who asks; its log follows are its own (lines go to it only) and stop when it goes (dropClient). */
  async call(method: unknown, args: unknown, client?: ClientLink): Promise<unknown> {
    if (isRuntimeMethod(method)) return this.connectRuntime(validateConnectRuntime(args));
    if (!this.engine) {
      if (method === 'getModel' && this.noEngine) return emptyModel(this.noEngine);
      throw new Error(this.noEngine?.message ?? 'Connecting to the Docker engine… try again in a moment.');
    }
    if (client && method === 'followLogs') {
      const [pod, container] = validateRequest(method, args).args as [string, string | null];
      return this.engine.followLogsFor(client.id, pod, container, client.push);
    }
    const result = await dispatch(this.engine, method, args);
    if (method === 'getModel') this.lastModel = result as Model;
    return result;
  }

  /** A client went away: what it followed stops. */
  dropClient(id: string): void {
    this.engine?.stopLogs(id);
  }

  /** Stops at once; resolves when the engine's restart manager has ended a pass under way. */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.parser.close();
    return this.dropEngine();
  }

  /**
   * Forwards a push to every client. A model change that names the pods it touched goes out as a delta of those pods
   * (model-delta.ts) once a whole model has gone out for this engine; every client got that one (or current()) first.
   */
  private emitPush(ev: ClientPush): void {
    if (ev.type !== 'model') return void this.emit('push', ev);
    this.lastModel = ev.model;
    if (ev.changed && this.deltaBase) return void this.emit('push', this.deltas.delta(ev.model, ev.changed));
    this.deltas.sent(ev.model);
    this.deltaBase = true;
    this.emit('push', ev.changed ? { type: 'model', model: ev.model } : ev);
  }

  /**
   * Reconnects the session to the Docker engine (null) or to a CRI runtime endpoint. The new runtime is looked at and
   * connected first: when that fails the session stays on what it had, and the answer says why (the views word it).
   */
  async connectRuntime(endpoint: string | null): Promise<ConnectRuntimeResult> {
    const env = { ...this.env };
    if (endpoint) env.CONTAINER_RUNTIME_ENDPOINT = endpoint;
    else delete env.CONTAINER_RUNTIME_ENDPOINT;
    const shown = endpoint ?? env.DOCKER_HOST ?? '(default sockets)';
    if (this.opts.runtimeSwitch === false) return { ok: false, endpoint: shown, failure: 'not-allowed', detail: '' };
    if (endpoint) {
      const found = await (await import('./runtime/cri/diagnose')).diagnoseCriEndpoint(endpoint);
      if (!found.ok) return found;
    }
    let engine: PodlabEngine;
    try {
      engine = await PodlabEngine.connect(env, this.config);
    } catch (err) {
      return { ok: false, endpoint: shown, failure: 'other', detail: err instanceof Error ? err.message : String(err) };
    }
    if (this.closed) {
      await engine.close();
      return { ok: false, endpoint: shown, failure: 'other', detail: 'podlab is shutting down' };
    }
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // The old runtime's restart manager ends its pass before the new one starts (no late restart on the old one).
    await this.dropEngine();
    this.lastModel = null;
    this.env = env;
    await this.connect(engine);
    const conn = engine.conn;
    return { ok: true, endpoint: conn.endpoint, runtime: conn.engineName || conn.runtime.info.kind, version: conn.version };
  }

  /** Stops the current engine (live model, restart manager) and forgets it; resolves once it has closed. */
  private async dropEngine(): Promise<void> {
    const e = this.engine as (PodlabEngine & LiveCapable) | null;
    this.engine = null;
    this.deltaBase = false;
    if (!e) return;
    e.removeAllListeners();
    void Promise.resolve(e.stopLive?.()).catch(() => undefined);
    await e.close();
  }

  /** Connects (or takes the engine a runtime switch already connected) and goes live; retries while none answers. */
  private async connect(connected?: PodlabEngine): Promise<void> {
    if (this.closed) return;
    const generation = this.generation;
    try {
      const engine = connected ?? (await PodlabEngine.connect(this.env, this.config));
      if (this.closed || generation !== this.generation) return await engine.close();
      this.engine = engine;
      this.noEngine = null;
      engine.useManifestParser((text) => this.parser.parse(text));
      engine.on('push', (ev) => this.emitPush(ev));
      // The live model reports the daemon going away and coming back; front ends show "reconnecting" meanwhile.
      engine.on('engine', (e) => {
        if (e.state === 'disconnected' && this.lastModel) this.emitPush({ type: 'model', model: { ...this.lastModel, connection: 'reconnecting' } });
        if (e.state === 'reconnected') void engine.getModel().then((model) => this.emitPush({ type: 'model', model: { ...model, connection: 'connected' } }), () => undefined);
      });
      const live = engine as PodlabEngine & LiveCapable;
      if (typeof live.startLive === 'function') await live.startLive();
      try {
        this.emitPush({ type: 'model', model: await engine.getModel() });
      } catch (err) {
        // The model builder may still be missing pieces; still announce the engine so the UI leaves no-engine.
        this.emitPush({ type: 'model', model: { ...emptyModelFor(engine), connection: 'connected' } });
        process.stderr.write(`podlab: reading the model failed: ${describeError(err)}\n`);
      }
    } catch (err) {
      if (generation !== this.generation) return;
      const cri = criEndpoint(this.env);
      const tried = err instanceof NoEngineError ? err.tried : [{ endpoint: cri ?? this.env.DOCKER_HOST ?? '(default sockets)', error: describeError(err) }];
      this.noEngine = { type: 'no-engine', tried, message: err instanceof Error ? err.message : String(err), retryInMs: RETRY_MS, ...(cri ? { criEndpoint: cri } : {}) };
      this.emitPush(this.noEngine);
      this.timer = setTimeout(() => void this.connect(), RETRY_MS);
    }
  }
}

function emptyModelFor(engine: PodlabEngine): Model {
  return { engine: { endpoint: engine.conn.endpoint, version: engine.conn.version, apiVersion: engine.conn.apiVersion, os: engine.conn.os, ...engineIdentity(engine.conn) }, host: { bridges: [], veths: [] }, pods: [] };
}

function emptyModel(ne: NoEnginePush): Model {
  return { engine: { endpoint: ne.tried.map((t) => t.endpoint).join(', '), version: '' }, host: { bridges: [], veths: [] }, pods: [], connection: 'no-engine' };
}
