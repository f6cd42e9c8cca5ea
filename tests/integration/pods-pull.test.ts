// Launch pulls a missing image with progress (from a registry on 127.0.0.1 run by the test), then runs the pod.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import type { PullProgress } from '../../shared/api';
import { connectEngine } from '../../electron/engine/docker';
import { launchPod } from '../../electron/engine/pods/lifecycle';
import { cleanupPods, podContainers, uniqueName } from './helpers';
import { startFakeRegistry, type FakeRegistry } from './pods-registry';

const pods: string[] = [];
let registry: FakeRegistry | null = null;

afterAll(async () => {
  cleanupPods(pods);
  if (registry) {
    spawnSync('docker', ['rmi', registry.image], { stdio: 'ignore', timeout: 60_000 }); // untags; removes only the test's own layer
    await registry.close();
  }
});

describe('pull on launch', () => {
  it('pulls a missing image with progress events, then the pod runs on it', async () => {
    const tag = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    registry = await startFakeRegistry(process.env.PODLAB_DEMO_IMAGE ?? '', tag);
    const conn = await connectEngine();
    const name = uniqueName('h1-pull');
    pods.push(name);
    const events: PullProgress[] = [];
    await launchPod(
      conn,
      { name, labels: {}, restartPolicy: 'Always', shareProcessNamespace: false, containers: [{ name: 'web', image: registry.image, command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [] }] },
      { wait: true, onPull: (p) => events.push(p) },
    );
    expect(registry.served()).toBeGreaterThan(2 * 1024 * 1024);
    expect(events.every((e) => e.image === registry?.image)).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: true, fraction: 1 });
    const partial = events.filter((e) => e.fraction !== null && e.fraction > 0 && e.fraction < 1);
    expect(partial.length).toBeGreaterThan(0); // real byte progress, not only start/end
    const fractions = partial.map((e) => e.fraction ?? 0);
    expect(fractions.at(-1)).toBeGreaterThanOrEqual(fractions[0]);
    const { apps } = podContainers(name);
    expect(apps[0].State.Status).toBe('running');
  });
});
