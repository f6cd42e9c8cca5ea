// What `podlab launch` asks the engine, seen through bench/slow-engine.mjs (the benchmark's slow engine, here with no
// delay, as a tracing proxy in front of the engine): the sandbox starts before any app, the apps start side by side,
// and each app is read once after its start (the model's read-back) — not once more to look for a postStart hook that
// its spec does not have. A container with a hook still gets it run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPods, ensureCliBuilt, podlab, ROOT, tempDir, uniqueName } from './helpers';

const pod = uniqueName('x2-req');
const tmp = tempDir();
const socket = join(tmp.dir, 'engine.sock');
const trace = join(tmp.dir, 'trace.jsonl');
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
let proxy: ChildProcess | null = null;

interface Req {
  method: string;
  path: string;
  t0: number;
  t1: number;
}

beforeAll(async () => {
  ensureCliBuilt();
  const zero = { SLOW_CREATE_MS: '0', SLOW_SANDBOX_START_MS: '0', SLOW_JOINED_START_MS: '0' };
  proxy = spawn(process.execPath, [join(ROOT, 'bench', 'slow-engine.mjs'), socket, trace], { env: { ...process.env, ...zero }, stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(socket)).toBe(true);
});

afterAll(() => {
  proxy?.kill();
  cleanupPods([pod]);
  tmp.remove();
});

describe('launch requests', () => {
  it('sandbox first, apps side by side, each app read once after its start; a postStart hook still runs', async () => {
    const app = (name: string, port: number, hook = ''): string =>
      `    - name: ${name}\n      image: "${demo}"\n      command: ["httpd", "-f", "-p", "${port}", "-h", "/www"]\n${hook}`;
    const hook = '      lifecycle:\n        postStart:\n          exec:\n            command: ["sh", "-c", "echo started > /tmp/hook"]\n';
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n${app('web', 80)}${app('api', 8080)}${app('admin', 9090, hook)}`;
    const r = await podlab(['launch', tmp.write('pod.yaml', text)], { env: { DOCKER_HOST: `unix://${socket}` } });
    expect(r.code, r.stderr).toBe(0);
    const reqs: Req[] = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Req);
    const starts = reqs.filter((q) => q.method === 'POST' && /\/containers\/[0-9a-f]{64}\/start$/.test(q.path));
    expect(starts).toHaveLength(4);
    const [sandbox, ...apps] = [...starts].sort((a, b) => a.t0 - b.t0);
    // Apps start only once the sandbox runs, and all of them are asked before the first one answers.
    for (const a of apps) expect(a.t0).toBeGreaterThanOrEqual(sandbox.t1);
    expect(Math.max(...apps.map((a) => a.t0))).toBeLessThan(Math.min(...apps.map((a) => a.t1)));
    const idOf = (q: Req): string => /\/containers\/([0-9a-f]{64})\//.exec(q.path)![1];
    const readsAfter = (q: Req): number => reqs.filter((x) => x.method === 'GET' && x.path === `/containers/${idOf(q)}/json` && x.t0 >= q.t1).length;
    const byReads = apps.map(readsAfter).sort();
    // Two apps without a hook: the model's read only. The hooked one: also read by its hook (and its exec's checks).
    expect(byReads.slice(0, 2)).toEqual([1, 1]);
    expect(byReads[2]).toBeGreaterThan(1);
    expect(reqs.some((x) => x.method === 'POST' && /\/exec$/.test(x.path))).toBe(true);
  });
});
