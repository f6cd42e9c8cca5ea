// `watch --json` as an ordinary user in the docker group (the normal Linux desktop): the live model runs on the helper
// probe path, and an external `docker kill` of an app container still shows up as a container line at once.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appByName, cleanupPods, docker, ensureCliBuilt, podlab, PODLAB, ROOT, tempDir, uniqueName, until } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const pod = uniqueName('w2b-user');
const user = `w2bu${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
const tmp = tempDir();
let userCreated = false;
let child: ChildProcess | null = null;
/** Helper containers that existed before this test's watch started (other podlab processes' own). */
let before = new Set<string>();

/** Ends the watch and everything runuser started (its own process group), waiting (bounded) until it is gone. */
async function stopWatch(): Promise<void> {
  const c = child;
  child = null;
  if (!c || c.pid === undefined || c.exitCode !== null) return;
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  try {
    process.kill(-c.pid, 'SIGTERM');
  } catch {
    c.kill('SIGTERM');
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (c.exitCode === null && c.signalCode === null) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Helper containers in any state (a live watch probes every pod on the engine, not only this test's). */
function helpers(): string[] {
  return docker(['ps', '-aq', '--filter', 'label=io.podlab.helper']).split('\n').filter(Boolean);
}

beforeAll(async () => {
  ensureCliBuilt();
  const file = tmp.write('pod.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: web\n      image: ${DEMO}\n      command: ["httpd", "-f", "-p", "80", "-h", "/www"]\n    - name: side\n      image: ${DEMO}\n      command: ["sleep", "3600"]\n`);
  const r = await podlab(['launch', file, '--wait']);
  expect(r.code, r.stderr).toBe(0);
  execFileSync('useradd', ['-M', '-s', '/bin/sh', user]);
  userCreated = true;
  execFileSync('usermod', ['-aG', 'docker', user]);
});

afterAll(async () => {
  await stopWatch();
  cleanupPods([pod]);
  // Should the test fail: exited helper containers that appeared during it were left by its watch.
  for (const h of helpers().filter((x) => !before.has(x))) {
    try {
      if (docker(['inspect', '--format', '{{.State.Status}}', h]) === 'exited') docker(['rm', '-f', h]);
    } catch {
      // removed by its owner meanwhile
    }
  }
  if (userCreated) {
    // Bounded: userdel refuses while a process of the user is still alive.
    for (let i = 0; i < 20; i++) {
      try {
        execFileSync('userdel', ['-r', user], { stdio: 'ignore' });
        break;
      } catch {
        try {
          execFileSync('userdel', [user], { stdio: 'ignore' });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  }
  tmp.remove();
});

describe('watch --json as a docker-group user', () => {
  it('runs on the helper probe and shows an external docker kill of an app container as a container line', async () => {
    before = new Set(helpers());
    const env = ['env', `PODLAB_PAUSE_IMAGE=${process.env.PODLAB_PAUSE_IMAGE}`, `PODLAB_DEMO_IMAGE=${process.env.PODLAB_DEMO_IMAGE}`, 'HOME=/tmp', 'PODLAB_KUBELET=off'];
    child = spawn('runuser', ['-u', user, '--', ...env, PODLAB, 'watch', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const lines: Record<string, unknown>[] = [];
    let buf = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const l of parts) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const first = await until(() => lines.find((l) => l.type === 'engine'), 30_000, 50).catch(() => {
      throw new Error(`no engine line from watch as ${user}: ${err}`);
    });
    expect(first).toMatchObject({ state: 'connected', probe: 'helper' });
    await until(() => lines.some((l) => l.type === 'pod' && l.pod === pod && l.phase === 'Running'), 20_000, 50);
    const side = appByName(pod, 'side')!;
    const t0 = Date.now();
    docker(['kill', side.Id]);
    const killed = await until(() => lines.find((l) => l.type === 'container' && l.pod === pod && l.container === 'side' && l.state === 'exited'), 5_000, 20);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(killed.exitCode).toBe(137);
    // The line comes from the engine's die event: its time is the event's own.
    expect(killed.timeNano).toMatch(/^\d{19}$/);
    expect(child.exitCode).toBeNull();
    // Stopped right after the kill (its refresh runs a helper now): it must not leave a helper container behind.
    await new Promise((r) => setTimeout(r, 120));
    await stopWatch();
    // (SIGTERM reaches it twice: from the group and forwarded by runuser.) Any helper started meanwhile is gone.
    await until(() => helpers().every((h) => before.has(h)), 3_000, 100).catch(() => {
      throw new Error(`helper containers left behind: ${helpers().filter((h) => !before.has(h)).join(' ')}`);
    });
  });
});
