// The renderer's state: the engine's model as it arrives (no debounce), the connection state, pull progress,
// followed logs, the selection and an opened snapshot file. Components read it; only this file writes it.
import type { PullProgress } from '../../../shared/api';
import type { ClientPush, NoEnginePush } from '../../../shared/contract';
import type { Model, PodModel, Snapshot } from '../../../shared/model';
import { applyModelDelta } from '../../../shared/model-delta';
import type { PodlabClient } from './client/types';

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'no-engine' | 'stale-token';
export interface Selection {
  pod: string;
  container: string | null;
}

// The engine's model is replaced whole on every push, never changed in place: it is held raw, not deeply proxied, so
// drawing a hundred pods does not make (and track) a signal for each of their fields on every push.
let liveModel = $state.raw<Model | null>(null);

export const app = $state({
  get model(): Model | null {
    return liveModel;
  },
  set model(m: Model | null) {
    liveModel = m;
  },
  connection: 'connecting' as Connection,
  noEngine: null as NoEnginePush | null,
  pulls: {} as Record<string, PullProgress>,
  logs: {} as Record<string, string[]>,
  selection: null as Selection | null,
  snapshot: null as { file: string; snapshot: Snapshot; compareWith?: { file: string; snapshot: Snapshot } } | null,
  error: null as string | null,
  theme: 'light' as 'light' | 'dark',
  dialog: null as null | 'launch' | 'runtime' | { add: string },
  /** The selected container outside any pod (Docker name), shown in the detail panel instead of a pod. */
  plainSelection: null as string | null,
  /** The centre view: the topology drawing or the node's own listing. */
  view: 'topology' as 'topology' | 'node',
  /** The CRI endpoint this page switched the session to (null: the Docker engine, or not switched here). */
  runtimeEndpoint: null as string | null,
});

const MAX_LOG_LINES = 500;

export function logKey(pod: string, container: string): string {
  return `${pod}/${container}`;
}

/** Applies a push; false when it was a model delta that does not fit the model held (then read the model afresh). */
export function applyPush(ev: ClientPush): boolean {
  switch (ev.type) {
    case 'model':
      setModel(ev.model);
      break;
    case 'pods': {
      const model = applyModelDelta(app.model, ev);
      if (!model) return false;
      setModel(model);
      break;
    }
    case 'no-engine':
      app.noEngine = ev;
      app.connection = 'no-engine';
      break;
    case 'pull':
      app.pulls[ev.progress.image] = ev.progress;
      break;
    case 'log': {
      const k = logKey(ev.pod, ev.container);
      const lines = app.logs[k] ?? [];
      lines.push(ev.line);
      app.logs[k] = lines.length > MAX_LOG_LINES ? lines.slice(-MAX_LOG_LINES) : lines;
      break;
    }
    case 'conflict':
      break; // conflicts arrive inside the model's pods; the event is for CLIs that stream.
  }
  return true;
}

function setModel(model: Model): void {
  app.model = model;
  app.noEngine = null;
  app.connection = model.connection === 'reconnecting' ? 'reconnecting' : model.connection === 'no-engine' ? 'no-engine' : 'connected';
  if (app.selection && !model.pods.some((p) => p.name === app.selection?.pod)) app.selection = null;
}

/** Connects the store to a client: every push is applied the moment it arrives. */
export function bind(client: PodlabClient): () => void {
  const offPush = client.onPush((ev) => {
    if (!applyPush(ev)) void refresh(client);
  });
  const offLink = client.onLink((s) => {
    if (s === 'stale-token') app.connection = 'stale-token';
    else if (s === 'reconnecting') app.connection = 'reconnecting';
    else void refresh(client);
  });
  void refresh(client);
  return () => {
    offPush();
    offLink();
  };
}

export async function refresh(client: PodlabClient): Promise<void> {
  try {
    const model = await client.getModel();
    if (app.connection !== 'no-engine' || model.connection !== 'no-engine') applyPush({ type: 'model', model });
  } catch {
    // the push stream says why (no-engine / reconnecting)
  }
}

export function selectedPod(): PodModel | null {
  const m = viewModel();
  return m?.pods.find((p) => p.name === app.selection?.pod) ?? null;
}

/** The model on screen: an opened snapshot file, else the live model. */
export function viewModel(): Model | null {
  if (app.snapshot) {
    const s = app.snapshot.snapshot;
    return { engine: s.engine, host: s.host, pods: s.pods, connection: 'connected', ...(s.plainContainers ? { plainContainers: s.plainContainers } : {}) };
  }
  return app.model;
}

export async function run<T>(what: Promise<T>): Promise<T | undefined> {
  try {
    return await what;
  } catch (err) {
    app.error = err instanceof Error ? err.message : String(err);
    return undefined;
  }
}
