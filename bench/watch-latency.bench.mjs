// Watch latency: how long after the engine's own event does `podlab watch --json` print the container line?
// The bench opens its own Docker event stream (dockerode getEvents) as the baseline, then kills/starts an app
// container of a launched pod N times; both receipt times are taken on this process's clock. Prints p50/p95 of
// action→engine event, action→watch line, and watch−engine (target ≤ 20 ms at p95), plus the periodic refresh cost.
// The kubelet-like restart manager is off in the watcher (it would restart the killed container on its own).
// Needs a built tree (npm run build) and a running engine; the offline images are built when not named (images.mjs).
import { execFileSync, spawn } from 'node:child_process';
import Docker from 'dockerode';
import { ensureImages } from './images.mjs';
import { lineHandler } from './lines.mjs';

const CYCLES = Number(process.env.BENCH_CYCLES || 30);
ensureImages();
const pod = `h2-bench-${process.pid}`;
const docker = new Docker(process.env.DOCKER_HOST?.startsWith('unix://') ? { socketPath: process.env.DOCKER_HOST.slice(7) } : undefined);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  (n=${xs.length})`;

function cleanup() {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`], { encoding: 'utf8' }).trim();
  if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
}

/** Resolves when `pred` matches an item pushed to `list` (checked on every push), or rejects after `ms`. */
function waitFor(list, pred, ms = 10_000) {
  return new Promise((res, rej) => {
    const found = list.find(pred);
    if (found) return res(found);
    const t = setTimeout(() => {
      list.waiters.delete(check);
      rej(new Error('timed out waiting for a line/event'));
    }, ms);
    const check = (item) => {
      if (!pred(item)) return false;
      clearTimeout(t);
      list.waiters.delete(check);
      res(item);
      return true;
    };
    list.waiters.add(check);
  });
}
function feed(list, item) {
  list.push(item);
  for (const w of [...list.waiters]) w(item);
}

let watch;
let events;
try {
  execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const sidecar = execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=sidecar'], { encoding: 'utf8' }).trim();
  if (!sidecar) throw new Error('no sidecar container');

  const engineEvents = Object.assign([], { waiters: new Set() });
  events = await docker.getEvents({ filters: { type: ['container'], label: [`io.podlab.pod=${pod}`] } });
  events.on('data', lineHandler(now, (l, t) => feed(engineEvents, { t, ev: JSON.parse(l) })));

  const watchLines = Object.assign([], { waiters: new Set() });
  const refresh = [];
  const podRefresh = [];
  watch = spawn('bin/podlab', ['watch', '--json'], { env: { ...process.env, PODLAB_WATCH_STATS: '1', PODLAB_KUBELET: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  watch.stdout.on('data', lineHandler(now, (l, t) => feed(watchLines, { t, line: JSON.parse(l) })));
  watch.stderr.on('data', (d) => {
    for (const m of d.toString().matchAll(/refresh (periodic|pod) ([\d.]+)/g)) (m[1] === 'pod' ? podRefresh : refresh).push(Number(m[2]));
  });
  await waitFor(watchLines, (x) => x.line.type === 'container' && x.line.pod === pod && x.line.container === 'sidecar', 20_000);

  const toEngine = [];
  const toWatch = [];
  const diff = [];
  const c = docker.getContainer(sidecar);
  for (let i = 0; i < CYCLES; i++) {
    for (const [action, evName, state] of [['kill', 'die', 'exited'], ['start', 'start', 'running']]) {
      const e0 = engineEvents.length;
      const w0 = watchLines.length;
      const t0 = now();
      await (action === 'kill' ? c.kill() : c.start());
      const [ev, wl] = await Promise.all([
        waitFor(engineEvents, (x) => engineEvents.indexOf(x) >= e0 && x.ev.Action === evName && x.ev.Actor?.ID === sidecar),
        waitFor(watchLines, (x) => watchLines.indexOf(x) >= w0 && x.line.type === 'container' && x.line.container === 'sidecar' && x.line.state === state),
      ]);
      toEngine.push(ev.t - t0);
      toWatch.push(wl.t - t0);
      diff.push(wl.t - ev.t);
    }
  }
  // Let a few periodic refreshes happen (default every 2 s) to report their cost.
  await new Promise((r) => setTimeout(r, 4500));
  console.log(`watch latency over ${CYCLES} kill/start cycles of a container of a launched pod`);
  console.log(`  action → engine event (baseline): ${fmt(toEngine)}`);
  console.log(`  action → watch --json line:       ${fmt(toWatch)}`);
  console.log(`  watch line − engine event:        ${fmt(diff)}   target p95 ≤ 20 ms: ${pct(diff, 95) <= 20 ? 'MET' : 'NOT MET'}`);
  if (podRefresh.length) console.log(`  one pod's inspect+probe refresh after an event:  ${fmt(podRefresh)}`);
  if (refresh.length) console.log(`  periodic socket refresh of all pods (probe only): ${fmt(refresh)}`);
  process.exitCode = pct(diff, 95) <= 20 ? 0 : 1;
} finally {
  watch?.kill('SIGTERM');
  events?.destroy?.();
  cleanup();
}
