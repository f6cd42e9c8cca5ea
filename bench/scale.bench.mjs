// Scale benchmark, on a PRIVATE dockerd (tests/integration/private-daemon.ts) so that `rm --all` never meets the
// shared engine and `ls` sees only the bench's pods. At each scale (BENCH_SCALES, default "30,100" pods of 4
// containers) it prints medians (BENCH_ROUNDS rounds, interleaved) and ratios against the engine's own calls in the
// same run: `podlab ls --json` vs `docker ps` of the same containers (target ≤ 2.0×), `podlab snapshot --format json`
// vs `docker inspect` of all of them (≤ 1.5×), `podlab rm --all` vs `docker rm -f` (≤ 1.0×), and `podlab serve`'s
// RSS once its live model holds every pod. `rm --all` is timed BENCH_RM_ROUNDS times (default 3), each time on freshly
// launched pods. Needs root, a built tree and the offline images (built when not named).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ensureImages } from './images.mjs';
import { launchPods, startBenchDaemon } from './private.mjs';

const SCALES = (process.env.BENCH_SCALES || '30,100').split(',').map(Number).filter((n) => n > 0);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const RM_ROUNDS = Number(process.env.BENCH_RM_ROUNDS || 3);
const PARALLEL = 4;
/** pods/listed.ts's YOUNG_MS. */
const YOUNG_MS = 3000;
ensureImages();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** No timed call waits more than this: an engine that hangs (dockerd 20.10 once deadlocked on 400 removals) ends the run. */
const CALL_TIMEOUT_MS = 180_000;

function timed(cmd, args, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: CALL_TIMEOUT_MS });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error?.code === 'ETIMEDOUT') throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} did not finish within ${CALL_TIMEOUT_MS / 1000} s (the engine hangs?)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  return { ms, stdout: r.stdout };
}

function manifest(name) {
  const demo = process.env.PODLAB_DEMO_IMAGE;
  const apps = [['web', 80], ['api', 8080], ['admin', 9090]]
    .map(([n, p]) => `  - name: ${n}\n    image: "${demo}"\n    command: ["httpd", "-f", "-p", "${p}", "-h", "/www"]\n    ports: [{containerPort: ${p}}]`)
    .join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n${apps}\n`;
}

/** Launches pods bs-0 … bs-(n-1) that do not exist yet. */
async function ensurePods(n, env, existing) {
  const todo = [];
  for (let i = 0; i < n; i++) if (!existing.has(`bs-${i}`)) todo.push(`bs-${i}`);
  await launchPods(todo, manifest, { ...env, PODLAB_KUBELET: 'off' }, pd.dir, PARALLEL);
  todo.forEach((name) => existing.add(name));
}

function containerIds(pd) {
  return pd.docker(['ps', '-aq', '--filter', 'label=io.podlab.pod']).split('\n').filter(Boolean);
}

/** RSS (MiB) of `podlab serve` once its live model has all n pods (read from its WebSocket's first model push). */
async function serveRss(env, n) {
  const p = spawn('bin/podlab', ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error('serve printed no URL in 30 s')), 30_000);
      p.stdout.on('data', (d) => {
        out += d;
        const m = /http:\/\/\S+token=\S+/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[0]);
        }
      });
    });
    const { default: WebSocket } = await import('ws');
    const u = new URL(url);
    const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { origin: `http://${u.host}` });
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`serve's model did not reach ${n} pods in 60 s`)), 60_000);
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.kind === 'push' && m.event.type === 'model' && m.event.model.pods.length >= n) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    ws.close();
    await new Promise((r) => setTimeout(r, 1000));
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))[1]) / 1024;
  } finally {
    // Waited for: a serve still ending would watch the removal timed next (its model follows every container's
    // destroy event) and compete with it for the engine and the CPU.
    const gone = new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', resolve)));
    p.kill('SIGTERM');
    const late = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(late);
  }
}

const pd = await startBenchDaemon('bs');
const env = { ...pd.env, PODLAB_KUBELET: 'off' };
let failed = false;
try {
  const existing = new Set();
  for (const n of SCALES) {
    await ensurePods(n, env, existing);
    // A container started less than 3 s ago is inspected rather than described from the listing (pods/listed.ts: its
    // exact start matters to the kubelet). Measure what a user sees once the pods run, not their first seconds.
    await new Promise((r) => setTimeout(r, YOUNG_MS + 500));
    const ids = containerIds(pd);
    const dockerBin = ['-H', pd.host];
    const ls = [];
    const ps = [];
    const snap = [];
    const insp = [];
    const calls = [
      () => ls.push(timed('bin/podlab', ['ls', '--json'], env).ms),
      () => ps.push(timed('docker', [...dockerBin, 'ps', '-a', '--filter', 'label=io.podlab.pod'], env).ms),
      () => snap.push(timed('bin/podlab', ['snapshot', '--format', 'json'], env).ms),
      () => insp.push(timed('docker', [...dockerBin, 'inspect', ...ids], env).ms),
    ];
    // Every other round in the reverse order: no call always comes right after the same one (a call that leaves the
    // engine busy, as `docker inspect` of every container does, would always slow the one after it).
    for (let r = 0; r < ROUNDS; r++) for (const call of r % 2 === 0 ? calls : [...calls].reverse()) call();
    const rss = await serveRss(env, n);
    // Removal is mostly the engine's own work, and noisy: RM_ROUNDS rounds, podlab and docker taking turns going first.
    const rmAll = [];
    const rmDocker = [];
    const podlabRm = () => {
      rmAll.push(timed('bin/podlab', ['rm', '--all'], env).ms);
      existing.clear();
    };
    const dockerRm = () => {
      rmDocker.push(timed('docker', [...dockerBin, 'rm', '-f', ...containerIds(pd)], env).ms);
      existing.clear();
    };
    for (let r = 0; r < RM_ROUNDS; r++) {
      for (const rm of r % 2 === 0 ? [podlabRm, dockerRm] : [dockerRm, podlabRm]) {
        await ensurePods(n, env, existing);
        rm();
      }
    }
    const row = (what, a, b, target) => {
      const ratio = a / b;
      console.log(`${String(n).padStart(4)} pods  ${what.padEnd(34)} ${a.toFixed(0).padStart(6)} ms vs ${b.toFixed(0).padStart(6)} ms  ratio ${ratio.toFixed(2)}× (target ≤ ${target}×)`);
    };
    console.log(`\n${n} pods × 4 containers (${ids.length} containers), medians of ${ROUNDS}:`);
    row('ls --json vs docker ps', median(ls), median(ps), '2.0');
    row('snapshot json vs docker inspect', median(snap), median(insp), '1.5');
    row(`rm --all vs docker rm -f (${RM_ROUNDS}×)`, median(rmAll), median(rmDocker), '1.0');
    console.log(`${String(n).padStart(4)} pods  serve RSS with the live model of every pod: ${rss.toFixed(0)} MiB`);
  }
} catch (err) {
  failed = true;
  console.error(`scale bench: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await pd.cleanup();
}
process.exit(failed ? 1 : 0);
