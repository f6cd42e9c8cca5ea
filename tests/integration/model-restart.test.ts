// A daemon restart during `podlab watch --json` is survived: on a PRIVATE dockerd started by this test (own data-root,
// exec-root, socket, containerd namespaces and bridge — the shared engine is never touched), the watcher reports
// "disconnected" then "reconnected", keeps the pod exactly once, and keeps streaming events afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureCliBuilt, podlab, PODLAB, ROOT, until } from './helpers';
import { startPrivateDaemon, testImageNames, type PrivateDaemon } from './private-daemon';

const pod = `h2-restart-${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
let priv: PrivateDaemon | null = null;
let watch: ChildProcess | null = null;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  ensureCliBuilt();
  priv = await startPrivateDaemon({ prefix: 'h2', images: testImageNames() });
  const r = await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { env: priv.env });
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  watch?.kill('SIGTERM');
  await priv?.cleanup();
}, 120_000);

it('watch --json survives a daemon restart: engine lines, no pod lost or duplicated, events flow again', async () => {
  if (!priv) throw new Error('private daemon not started');
  const d = priv;
  const env = d.env;
  // The kubelet-like restart manager is off: it would (rightly) recreate the sandbox the stopping daemon killed, and
  // this test is about the model's own view of the restart.
  watch = spawn(PODLAB, ['watch', '--json'], { cwd: ROOT, env: { ...env, PODLAB_KUBELET: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  watch.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const l of parts) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  await until(() => lines.some((l) => l.type === 'pod' && l.pod === pod && l.phase === 'Running'), 20_000);

  await d.stop();
  await until(() => lines.find((l) => l.type === 'engine' && l.state === 'disconnected'), 20_000);
  await d.start();
  await until(() => lines.find((l) => l.type === 'engine' && l.state === 'reconnected'), 30_000);
  expect(watch.exitCode).toBeNull();

  // Events flow on the new stream: start the pod again (the daemon stopped its containers) and see it.
  const sandbox = d.docker(['ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.role=sandbox']);
  const n = lines.length;
  d.docker(['start', sandbox]);
  await until(() => lines.slice(n).find((l) => l.type === 'container' && l.pod === pod && l.container === 'POD' && l.state === 'running'), 10_000);

  // Nothing reported removed (no container was); listed exactly once after the restart.
  expect(lines.filter((l) => l.pod === pod && l.state === 'removed')).toEqual([]);
  const ls = await podlab(['ls', '--json'], { env });
  expect(ls.code, ls.stderr).toBe(0);
  expect((JSON.parse(ls.stdout) as { name: string }[]).filter((p) => p.name === pod)).toHaveLength(1);
  const engineLines = lines.filter((l) => l.type === 'engine').map((l) => l.state);
  expect(engineLines).toEqual(['connected', 'disconnected', 'reconnected']);
});
