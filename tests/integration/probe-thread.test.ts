// A live model probes on a worker thread (probe/thread.ts): its /proc and /sys reads — 100-250 ms for a hundred pods —
// no longer hold up the event loop that pushes an engine event. The facts read there are the same kernel facts: the
// pod's IP, netns, veth and listening sockets; the thread ends with the live model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodlabEngine } from '../../electron/engine/engine';
import { probeThreadOf } from '../../electron/engine/probe/thread';
import { cleanupPods, ensureCliBuilt, podlab, uniqueName, until } from './helpers';

const pod = uniqueName('u15-probe');

beforeAll(async () => {
  ensureCliBuilt();
  const r = await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { timeoutMs: 90_000 });
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => cleanupPods([pod]));

describe('the live model probe thread', () => {
  it('reads the pod\'s kernel facts off the main thread, and ends with the live model', async () => {
    const engine = await PodlabEngine.connect({ ...process.env, PODLAB_KUBELET: 'off', PODLAB_REFRESH_MS: '500' });
    try {
      const model = await engine.startLive();
      if (model.engine.probe !== 'direct') return expect.fail(`this test needs the direct probe (root); the engine chose ${model.engine.probe}`);
      const thread = probeThreadOf(engine.conn);
      expect(thread, 'a live model registers a probe thread (out/cli/probe-worker.cjs is built)').toBeDefined();
      const seen = await until(async () => {
        const p = (await engine.getModel()).pods.find((x) => x.name === pod);
        return p?.ip && p.hostVeth && p.listening.some((s) => s.port === 80) ? p : null;
      }, 15_000, 200, 'the pod with its IP, veth and port 80 from the probe');
      expect(seen.namespaces.net).toMatch(/^net:\[\d+\]$/);
      // The periodic re-probe (500 ms here) runs there too.
      const before = thread!.answered;
      expect(before).toBeGreaterThan(0);
      await until(() => thread!.answered > before, 10_000, 100, 'a periodic probe on the thread');
    } finally {
      await engine.close();
    }
    expect(probeThreadOf(engine.conn)).toBeUndefined();
  }, 60_000);
});
