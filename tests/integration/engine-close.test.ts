// PodlabEngine.close() waits for a kubelet pass under way: a restart the restart manager is making when the engine
// closes ends before close() resolves, so nothing is created after it (a test's cleanup or a runtime switch next
// would race it). The restart's container create is slowed on purpose to hold the pass open across close().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodlabEngine } from '../../electron/engine/engine';
import type { ContainerConfig } from '../../electron/engine/runtime/runtime';
import { cleanupPods, ensureCliBuilt, uniqueName, until } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const created: string[] = [];
const saved = { backoff: process.env.PODLAB_BACKOFF_BASE_MS, only: process.env.PODLAB_KUBELET_ONLY };

beforeAll(() => {
  ensureCliBuilt();
  // A short back-off, and this test's pods only (other suites share the engine).
  process.env.PODLAB_BACKOFF_BASE_MS = '200';
  process.env.PODLAB_KUBELET_ONLY = 'h13-close-';
});
afterAll(() => {
  cleanupPods(created);
  for (const [k, v] of [['PODLAB_BACKOFF_BASE_MS', saved.backoff], ['PODLAB_KUBELET_ONLY', saved.only]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('PodlabEngine.close()', () => {
  it('resolves only after the restart under way has created its container; nothing is created after it', async () => {
    const pod = uniqueName('h13-close-crash');
    created.push(pod);
    const engine = await PodlabEngine.connect(process.env);
    let closed = false;
    try {
      const rt = engine.conn.runtime;
      const create = rt.containers.create.bind(rt.containers);
      const creates = { started: 0, done: 0, afterClose: 0 };
      rt.containers.create = async (cfg: ContainerConfig): Promise<string> => {
        creates.started += 1;
        await new Promise((r) => setTimeout(r, 1500));
        const id = await create(cfg);
        creates.done += 1;
        if (closed) creates.afterClose += 1;
        return id;
      };
      await engine.startLive();
      const manifest = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: crash\n      image: ${DEMO}\n      command: ["sh", "-c", "sleep 0.3; exit 2"]\n`;
      await engine.launch({ manifest });
      // The launch's own create went through the wrapper too: wait for the restart manager's, then close within it.
      const launched = creates.started;
      await until(() => creates.started > launched, 20_000, 25, 'the restart manager to start re-creating the container');
      await engine.close();
      closed = true;
      expect(creates.done, 'the restart under way finished before close() resolved').toBe(creates.started);
      await new Promise((r) => setTimeout(r, 2500));
      expect(creates.afterClose, 'containers created after close()').toBe(0);
      expect(creates.started, 'restarts begun after close()').toBe(creates.done);
    } finally {
      if (!closed) await engine.close();
    }
  });
});
