// Model changes as deltas (shared/model-delta.ts): the session sends only the pods a change touched, and a front end
// rebuilds the same model from the one it holds — unchanged pods keep their identity, a delta that does not fit is
// refused (the front end then reads the model), and the rest of the model travels only when it changed.
import { describe, expect, it } from 'vitest';
import { ModelDeltas, applyModelDelta } from '../../shared/model-delta';
import { app, applyPush } from '../../renderer/src/lib/store.svelte';
import type { Model } from '../../shared/model';
import { sampleModel, samplePod } from './topology.fixture';

const pods = (n: number): ReturnType<typeof samplePod>[] => Array.from({ length: n }, (_, i) => samplePod(i));
/** A copy as the front end holds it (it arrived as JSON). */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('model deltas', () => {
  it('carries the changed pod only and rebuilds the same model, other pods untouched', () => {
    const deltas = new ModelDeltas();
    const before = sampleModel(pods(100));
    deltas.sent(before);
    const after: Model = { ...before, pods: before.pods.map((p, i) => (i === 42 ? { ...p, phase: 'Failed' as const } : p)) };
    const push = deltas.delta(after, ['pod-42']);
    expect(push.pods.map((p) => p.name)).toEqual(['pod-42']);
    expect(push.names).toHaveLength(100);
    expect(push.rest).toBeUndefined();
    expect(JSON.stringify(push).length).toBeLessThan(JSON.stringify(after).length / 20);
    const held = wire(before);
    const rebuilt = applyModelDelta(held, wire(push));
    expect(rebuilt).toEqual(after);
    expect(rebuilt?.pods[41]).toBe(held.pods[41]);
    expect(rebuilt?.pods[42]).not.toBe(held.pods[42]);
  });

  it('sends the rest of the model when it changed, and removes a pod whose name is gone', () => {
    const deltas = new ModelDeltas();
    const before = sampleModel(pods(3));
    deltas.sent(before);
    const after: Model = { ...before, connection: 'reconnecting', pods: before.pods.filter((p) => p.name !== 'pod-1') };
    const push = deltas.delta(after, ['pod-1']);
    expect(push.rest?.connection).toBe('reconnecting');
    expect(applyModelDelta(wire(before), wire(push))).toEqual(after);
    // The same rest again: not sent a second time.
    expect(deltas.delta(after, []).rest).toBeUndefined();
  });

  it('refuses a delta that names a pod the front end does not hold', () => {
    const deltas = new ModelDeltas();
    const before = sampleModel(pods(2));
    deltas.sent(before);
    const push = deltas.delta(sampleModel(pods(4)), ['pod-3']);
    expect(applyModelDelta(wire(before), push)).toBeNull();
    expect(applyModelDelta(null, push)).toBeNull();
  });

  it('the store applies a delta, and says when it must read the model afresh', () => {
    const before = sampleModel(pods(5));
    expect(applyPush({ type: 'model', model: wire(before) })).toBe(true);
    const kept = app.model?.pods[0];
    const failed = { ...before.pods[3]!, phase: 'Failed' as const };
    expect(applyPush({ type: 'pods', pods: [failed], names: before.pods.map((p) => p.name) })).toBe(true);
    expect(app.model?.pods[3]?.phase).toBe('Failed');
    expect(app.model?.pods[0]).toBe(kept);
    expect(applyPush({ type: 'pods', pods: [], names: ['nobody'] })).toBe(false);
    expect(app.model?.pods).toHaveLength(5);
  });
});
