// UI latency: `docker kill` a container of a launched pod and measure how long until the browser UI served by
// `podlab serve` shows it failed (a MutationObserver in the page records when the container's data-state flips),
// against the engine's own `die` event time; the baseline is a plain `docker events` stream reading the same event.
// Prints p50/p95 over N cycles (BENCH_N, default 40: a p95 of 15 would be their maximum). Target: p95 <= 100 ms, also
// with BENCH_PODS=100 more pods on screen (those run on a private dockerd). Needs `npm run build`; builds the images
// when they are not named.
// BENCH_BUILDS=a/bin/podlab,bin/podlab: the same cycles for each build's `serve` in turn (BENCH_ROUNDS times), so an
// earlier build is compared with this one in the same run. BENCH_PROFILE=1: a Chromium CPU profile of the page over the
// first build's cycles, printed as the functions with the most self time. BENCH_SHOT=file.png: a screenshot after the cycles.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { ensureImages } from './images.mjs';
import { launchPods, startBenchDaemon } from './private.mjs';

const N = Number(process.env.BENCH_N || 40);
const BUILDS = (process.env.BENCH_BUILDS || 'bin/podlab').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS || 1);
ensureImages();
// BENCH_PODS=100: that many more pods on screen, on a private dockerd (root) so the shared engine is not loaded.
const EXTRA = Number(process.env.BENCH_PODS || 0);
const daemon = EXTRA > 0 ? await startBenchDaemon('ul') : null;
if (daemon) process.env.DOCKER_HOST = daemon.host; // bin/podlab, docker and docker events below all use it
const env = { ...process.env };
const pod = `u15-bench-${Date.now().toString(36)}`;
const docker = (...a) => execFileSync('docker', a, { encoding: 'utf8', timeout: 30_000 }).trim();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const withTimeout = (p, ms, what) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out: ${what}`)), ms))]);

/** Self time per function of a CDP CPU profile, the largest first. */
function topSelfTime(profile, n) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
}

let serve, events, browser;
// Baseline: our own docker events stream; when each die event arrived here, and its engine time.
let onDie = null;
const f = (x) => `${x.toFixed(1)} ms`;
const results = [];

/** One build's `serve` and page through N kill/start cycles; resolves to its figures. */
async function measure(bin, profile) {
  // BENCH_SERVE_PROFILE=dir: serve's own CPU profile (node --cpu-prof, which NODE_OPTIONS may not carry), written when it
  // exits; node runs the launcher's Node part (bin/podlab.cjs beside a shell launcher, else bin/podlab itself).
  const prof = process.env.BENCH_SERVE_PROFILE;
  const argv = ['serve', '--port', '0'];
  serve = prof
    ? spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${prof}`, existsSync(`${bin}.cjs`) ? `${bin}.cjs` : bin, ...argv], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(bin, argv, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await withTimeout(
    new Promise((resolve) => createInterface({ input: serve.stdout }).on('line', (l) => { const m = /http:\S+/.exec(l); if (m) resolve(m[0]); })),
    15_000, 'podlab serve URL');
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // When each WebSocket message reached the page (a listener added before the app's), and its size: the UI's own
  // share of a flip is the time from the push that carried it to the DOM change, apart from the engine's and serve's.
  await page.addInitScript(() => {
    window.__arrivals = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...a) {
        super(...a);
        this.addEventListener('message', (e) => window.__arrivals.push({ at: performance.timeOrigin + performance.now(), bytes: String(e.data).length }));
      }
    };
  });
  await page.goto(url);
  const sel = `[data-testid=topology] [data-pod="${pod}"][data-container="sidecar"]`;
  await page.waitForSelector(`${sel}[data-state=ok]`, { timeout: 30_000 });
  await page.evaluate((s) => {
    window.__flips = [];
    let last = document.querySelector(s)?.getAttribute('data-state');
    new MutationObserver(() => {
      const now = document.querySelector(s)?.getAttribute('data-state');
      if (now !== last) window.__flips.push({ state: now, at: performance.timeOrigin + performance.now() });
      last = now;
    }).observe(document.querySelector('[data-testid=topology]'), { subtree: true, childList: true, attributes: true });
  }, sel);
  const cdp = profile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }

  const r = { bin, ui: [], own: [], push: [], stream: [], behind: [], bytes: [] };
  const id = docker('ps', '-q', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=sidecar');
  for (let i = 0; i < N; i++) {
    await page.evaluate(() => (window.__flips = []));
    const die = new Promise((res) => (onDie = res));
    docker('kill', id);
    const d = await withTimeout(die, 10_000, 'die event');
    await page.waitForFunction(() => window.__flips.some((x) => x.state === 'failed'), null, { timeout: 10_000 });
    const [flip, arrived] = await page.evaluate(() => {
      const at = window.__flips.find((x) => x.state === 'failed').at;
      const before = window.__arrivals.filter((a) => a.at <= at);
      return [at, before[before.length - 1]];
    });
    r.ui.push(flip - d.engineMs);
    r.own.push(flip - arrived.at);
    r.push.push(arrived.at - d.engineMs);
    r.bytes.push(arrived.bytes);
    r.stream.push(d.streamMs - d.engineMs);
    r.behind.push(arrived.at - d.streamMs);
    docker('start', id);
    await page.waitForSelector(`${sel}[data-state=ok]`, { timeout: 15_000 });
  }
  // BENCH_SHOT=file.png: the page after the cycles (every change since the first model came as deltas).
  if (process.env.BENCH_SHOT) await page.screenshot({ path: process.env.BENCH_SHOT });
  if (cdp) {
    const { profile: prof } = await cdp.send('Profiler.stop');
    console.log(`  page CPU profile over ${N} cycles (${bin}), most self time:`);
    for (const [fn, ms] of topSelfTime(prof, 15)) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${fn}`);
  }
  await page.close();
  serve.kill('SIGTERM');
  await new Promise((res) => (serve.exitCode !== null ? res() : serve.once('exit', res)));
  serve = null;
  return r;
}

try {
  if (daemon) {
    const names = Array.from({ length: EXTRA }, (_, i) => `${pod}-x${i}`);
    await launchPods(names, (name) =>
      readFileSync('templates/web-sidecar.yaml', 'utf8').replace(/name: web-sidecar/, `name: ${name}`).replace(/image: busybox/g, `image: "${env.PODLAB_DEMO_IMAGE}"`), env, daemon.dir);
  }
  execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  events = spawn('docker', ['events', '--format', '{{json .}}', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'event=die'], { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: events.stdout }).on('line', (line) => {
    const ev = JSON.parse(line);
    const engineMs = Number(BigInt(ev.timeNano) / 1000n) / 1000; // timeNano exceeds 2^53: divide as BigInt first
    onDie?.({ engineMs, streamMs: Date.now() });
  });
  await new Promise((r) => setTimeout(r, 300));
  browser = await chromium.launch({ executablePath: process.env.PODLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, bin] of BUILDS.entries()) results.push(await measure(bin, process.env.BENCH_PROFILE === '1' && round === 0 && i === 0));
  }
  console.log(`ui-latency: docker kill -> container shown failed in the browser UI, ${N} cycles per run, ${EXTRA + 1} pods on screen`);
  for (const r of results) {
    console.log(`  ${r.bin}:`);
    console.log(`    UI (page MutationObserver - engine die time):   p50 ${f(pct(r.ui, 50))}  p95 ${f(pct(r.ui, 95))}  max ${f(Math.max(...r.ui))}`);
    console.log(`    baseline (docker events CLI - engine die time): p50 ${f(pct(r.stream, 50))}  p95 ${f(pct(r.stream, 95))}`);
    console.log(`    push arrival in the page - engine die time:     p50 ${f(pct(r.push, 50))}  p95 ${f(pct(r.push, 95))}  (push of ${pct(r.bytes, 50)} bytes)`);
    console.log(`    push arrival - docker events CLI, per cycle:     p50 ${f(pct(r.behind, 50))}  p95 ${f(pct(r.behind, 95))}`);
    console.log(`    the page's own share (push arrival -> DOM flip): p50 ${f(pct(r.own, 50))}  p95 ${f(pct(r.own, 95))}`);
    console.log(`    ratio p50 UI/baseline: ${(pct(r.ui, 50) / Math.max(pct(r.stream, 50), 0.1)).toFixed(2)}x; target p95 <= 100 ms: ${pct(r.ui, 95) <= 100 ? 'met' : 'NOT met'}`);
  }
} finally {
  await browser?.close().catch(() => {});
  events?.kill();
  serve?.kill('SIGTERM');
  try {
    const ids = docker('ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`).split('\n').filter(Boolean);
    if (ids.length) docker('rm', '-f', ...ids);
  } catch {
    // already gone
  }
  await daemon?.cleanup();
}
