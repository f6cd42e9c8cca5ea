// Launch pulls a missing image with progress (from a registry on 127.0.0.1 run by the test), then runs the pod.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import type { PullProgress } from '../../shared/api';
import { connectEngine } from '../../electron/engine/docker';
import { launchPod } from '../../electron/engine/pods/lifecycle';
import { PODLAB, cleanupPods, ensureCliBuilt, podContainers, podlab, tempDir, uniqueName } from './helpers';
import { startFakeRegistry, type FakeRegistry } from './pods-registry';

const pods: string[] = [];
const tmp = tempDir();
const registries: FakeRegistry[] = [];
const newTag = (): string => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

afterAll(async () => {
  cleanupPods(pods);
  tmp.remove();
  for (const r of registries) {
    spawnSync('docker', ['rmi', r.image], { stdio: 'ignore', timeout: 60_000 }); // removes the test's image and own layer only
    await r.close();
  }
});

describe('pull on launch', () => {
  it('pulls a missing image with progress events, then the pod runs on it', async () => {
    const registry = await startFakeRegistry(process.env.PODLAB_DEMO_IMAGE ?? '', newTag());
    registries.push(registry);
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
    expect(events.every((e) => e.image === registry.image)).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: true, fraction: 1 });
    const partial = events.filter((e) => e.fraction !== null && e.fraction > 0 && e.fraction < 1);
    expect(partial.length).toBeGreaterThan(0); // real byte progress, not only start/end
    const fractions = events.map((e) => e.fraction ?? 0);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true); // the bar never goes back
    const { apps } = podContainers(name);
    expect(apps[0].State.Status).toBe('running');
  });

  it('bin/podlab launch reports pull progress on stderr (lines when not a terminal)', async () => {
    ensureCliBuilt();
    const registry = await startFakeRegistry(process.env.PODLAB_DEMO_IMAGE ?? '', newTag());
    registries.push(registry);
    const name = uniqueName('h1-pullcli');
    pods.push(name);
    const file = tmp.write('pull.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - {name: web, image: "${registry.image}", command: [httpd, -f, -p, "80", -h, /www]}\n`);
    const r = await podlab(['launch', file, '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`pulling ${registry.image}: done`);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('pulling ')).length).toBeLessThan(20); // occasional lines, not a flood
  });

  it('bin/podlab launch draws a progress bar on a terminal', async () => {
    const registry = await startFakeRegistry(process.env.PODLAB_DEMO_IMAGE ?? '', newTag());
    registries.push(registry);
    const name = uniqueName('h1-pulltty');
    pods.push(name);
    const file = tmp.write('pulltty.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - {name: web, image: "${registry.image}", command: [httpd, -f, -p, "80", -h, /www]}\n`);
    // script(1) gives the CLI a pseudo-terminal, as a user's shell would.
    // Asynchronously: the registry serving the pull lives in this very process.
    const r = await new Promise<{ status: number; stdout: string }>((res) => {
      execFile('script', ['-qec', `"${PODLAB}" launch "${file}"`, '/dev/null'], { encoding: 'utf8', timeout: 90_000 }, (err, stdout) =>
        res({ status: err ? Number(err.code ?? 1) : 0, stdout }),
      );
    });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain(`\r\x1b[2Kpulling ${registry.image} [`); // redrawn in place
    expect(r.stdout).toMatch(/\[#+-+\] \d+% Downloading/); // a partly filled bar
    expect(r.stdout).toMatch(/\[#{24}\] 100% pulled/);
  });
});
