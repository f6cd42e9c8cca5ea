// The restart manager runs in live mode: a `podlab watch` process restarts a crashing container with back-off
// (short test intervals, scoped to this test's pod with the test-only PODLAB_KUBELET_ONLY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { launchPod } from '../../electron/engine/pods/lifecycle';
import { cleanup, connect, DEMO, podName, podOf, podSpec, until } from './conflicts-helpers';
import { ensureCliBuilt, startWatch } from './helpers';

let conn: EngineConnection;
const created: string[] = [];

beforeAll(async () => {
  conn = await connect();
  ensureCliBuilt();
});
afterAll(async () => {
  await cleanup(conn, created);
});

describe('kubelet in live mode', () => {
  it('podlab watch restarts a crashing container (CrashLoopBackOff) and streams it', async () => {
    const name = podName('watch');
    created.push(name);
    await launchPod(conn, podSpec(name, [{ name: 'crash', image: DEMO, command: ['sh', '-c', 'exit 2'], ports: [] }]), { wait: true, waitMs: 300 });
    const env = { ...process.env, PODLAB_BACKOFF_BASE_MS: '300', PODLAB_BACKOFF_MAX_MS: '1200', PODLAB_KUBELET_ONLY: name };
    const { child, lines } = startWatch(env);
    try {
      const pod = await until(
        'restartCount 2',
        async () => {
          const p = await podOf(conn, name);
          return (p.containers[0]?.restartCount ?? 0) >= 2 ? p : null;
        },
        20_000,
        200,
      );
      expect(pod.containers).toHaveLength(1);
      // Crashed with its exit code, or the next attempt already created or running (the restart between two reads).
      const c = pod.containers[0]!;
      expect(c.exitCode === 2 || c.state === 'running' || c.state === 'created', JSON.stringify(c)).toBe(true);
      expect(lines.some((l) => l.type === 'container' && l.pod === name && l.container === 'crash')).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    // With the watch gone, nothing restarts any more (a node whose kubelet is down).
    await new Promise((r) => setTimeout(r, 500));
    const before = await podOf(conn, name);
    await new Promise((r) => setTimeout(r, 2000));
    const after = await podOf(conn, name);
    expect(after.containers[0]!.id).toBe(before.containers[0]!.id);
    expect(after.containers[0]!.state).toBe('exited');
    expect(after.containers[0]!.reason).toBe('CrashLoopBackOff');
  });
});
