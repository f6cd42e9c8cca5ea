// A real `bin/podlab serve` sends a killed container's change as a delta of that one pod (model-delta.ts), not the
// whole model: a client that rebuilds its model from the first full push plus the deltas holds what getModel answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServe, type Served } from '../e2e/serve-fixture';
import { applyModelDelta, type ModelDeltaPush } from '../../shared/model-delta';
import type { Model } from '../../shared/model';
import { appByName, cleanupPods, docker, ensureCliBuilt, podlab, uniqueName, until } from './helpers';

const pod = uniqueName('u15-delta');
let served: Served;
let ws: WebSocket | undefined;

beforeAll(async () => {
  ensureCliBuilt();
  const r = await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { timeoutMs: 90_000 });
  expect(r.code, r.stderr).toBe(0);
  served = await startServe({ PODLAB_KUBELET_ONLY: pod });
}, 120_000);
afterAll(async () => {
  ws?.close();
  await served?.stop();
  cleanupPods([pod]);
});

interface Received {
  held: Model | null;
  deltas: { push: ModelDeltaPush; bytes: number }[];
  fullBytes: number[];
  answers: Map<number, unknown>;
}

function connect(): Promise<Received> {
  const got: Received = { held: null, deltas: [], fullBytes: [], answers: new Map() };
  ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`, { headers: { origin: served.origin } });
  ws.on('message', (data) => {
    const text = String(data);
    const msg = JSON.parse(text) as { kind: string; id?: number; result?: unknown; event?: { type: string; model?: Model } };
    if (msg.kind === 'response' && msg.id !== undefined) got.answers.set(msg.id, msg.result);
    if (msg.kind !== 'push' || !msg.event) return;
    if (msg.event.type === 'model' && msg.event.model) {
      got.held = msg.event.model;
      got.fullBytes.push(text.length);
    }
    if (msg.event.type === 'pods') {
      const push = msg.event as unknown as ModelDeltaPush;
      got.deltas.push({ push, bytes: text.length });
      got.held = applyModelDelta(got.held, push);
    }
  });
  return new Promise((resolve, reject) => {
    ws!.once('open', () => resolve(got));
    ws!.once('error', reject);
  });
}

let nextId = 1;
async function getModel(got: Received): Promise<Model> {
  const id = nextId++;
  ws!.send(JSON.stringify({ kind: 'request', id, method: 'getModel', args: [] }));
  return until(() => got.answers.get(id) as Model | undefined, 10_000, 20, 'the getModel answer');
}

const sidecarOf = (m: Model | null) => m?.pods.find((p) => p.name === pod)?.containers.find((c) => c.name === 'sidecar');

describe('serve: model changes as deltas', () => {
  it('a killed container arrives as a delta of its pod alone, and the rebuilt model is the served one', async () => {
    const got = await connect();
    await until(() => sidecarOf(got.held)?.state === 'running', 20_000, 50, 'the first model with the pod running');
    const seen = got.deltas.length;
    docker(['kill', appByName(pod, 'sidecar')!.Id]);
    await until(() => sidecarOf(got.held)?.state === 'exited', 10_000, 20, 'the kill to reach the held model');
    expect(got.held, 'every delta fitted the model held').not.toBeNull();
    const first = got.deltas.slice(seen).find((d) => d.push.pods.some((p) => p.name === pod));
    expect(first?.push.pods.map((p) => p.name)).toEqual([pod]);
    expect(first!.bytes).toBeLessThan(Math.max(...got.fullBytes));
    // After the pod's follow-up re-read has settled, what the client rebuilt equals what serve answers.
    await until(async () => JSON.stringify((await getModel(got)).pods.find((p) => p.name === pod)) === JSON.stringify(got.held?.pods.find((p) => p.name === pod)), 15_000, 300, 'the rebuilt pod to equal the served one');
    const served = await getModel(got);
    expect(got.held?.pods.map((p) => p.name)).toEqual(served.pods.map((p) => p.name));
  }, 60_000);
});
