// UI latency: `docker kill` a container of a launched pod and measure how long until the browser UI served by
// `podlab serve` shows it failed (a MutationObserver in the page records when the container's data-state flips),
// against the engine's own `die` event time; the baseline is a plain `docker events` stream reading the same event.
// Prints p50/p95 over N cycles (BENCH_N, default 15). Target: p95 <= 100 ms, also with BENCH_PODS=100 more pods on
// screen (those run on a private dockerd). Needs `npm run build`; builds the images when they are not named.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { ensureImages } from './images.mjs';
import { launchPods, startBenchDaemon } from './private.mjs';

const N = Number(process.env.BENCH_N ?? 15);
ensureImages();
// BENCH_PODS=100: that many more pods on screen, on a private dockerd (root) so the shared engine is not loaded.
const EXTRA = Number(process.env.BENCH_PODS || 0);
const daemon = EXTRA > 0 ? await startBenchDaemon('ul') : null;
if (daemon) process.env.DOCKER_HOST = daemon.host; // bin/podlab, docker and docker events below all use it
const env = { ...process.env };
const pod = `h4-bench-${Date.now().toString(36)}`;
const docker = (...a) => execFileSync('docker', a, { encoding: 'utf8', timeout: 30_000 }).trim();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const withTimeout = (p, ms, what) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out: ${what}`)), ms))]);

let serve, events, browser;
try {
  if (daemon) {
    const names = Array.from({ length: EXTRA }, (_, i) => `${pod}-x${i}`);
    await launchPods(names, (name) =>
      readFileSync('templates/web-sidecar.yaml', 'utf8').replace(/name: web-sidecar/, `name: ${name}`).replace(/image: busybox/g, `image: "${env.PODLAB_DEMO_IMAGE}"`), env, daemon.dir);
  }
  execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  serve = spawn('bin/podlab', ['serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await withTimeout(
    new Promise((resolve) => createInterface({ input: serve.stdout }).on('line', (l) => { const m = /http:\S+/.exec(l); if (m) resolve(m[0]); })),
    15_000, 'podlab serve URL');

  // Baseline: our own docker events stream; remember when each die event arrived here and its engine time.
  const dies = [];
  let onDie = null;
  events = spawn('docker', ['events', '--format', '{{json .}}', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'event=die'], { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: events.stdout }).on('line', (line) => {
    const ev = JSON.parse(line);
    const engineMs = Number(BigInt(ev.timeNano) / 1000n) / 1000; // timeNano exceeds 2^53: divide as BigInt first
    const d = { engineMs, streamMs: Date.now() };
    dies.push(d);
    onDie?.(d);
  });
  await new Promise((r) => setTimeout(r, 300));

  browser = await chromium.launch({ executablePath: process.env.PODLAB_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // When each WebSocket message reached the page (a listener added before the app's): the UI's own share of a flip is
  // the time from the push that carried it to the DOM change, apart from the engine's and serve's part before it.
  await page.addInitScript(() => {
    window.__arrivals = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...a) {
        super(...a);
        this.addEventListener('message', () => window.__arrivals.push(performance.timeOrigin + performance.now()));
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

  const ui = [];
  const own = [];
  const stream = [];
  const id = docker('ps', '-q', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=sidecar');
  for (let i = 0; i < N; i++) {
    await page.evaluate(() => (window.__flips = []));
    const die = new Promise((r) => (onDie = r));
    docker('kill', id);
    const d = await withTimeout(die, 10_000, 'die event');
    await page.waitForFunction(() => window.__flips.some((f) => f.state === 'failed'), null, { timeout: 10_000 });
    const [flip, arrived] = await page.evaluate(() => {
      const at = window.__flips.find((f) => f.state === 'failed').at;
      return [at, Math.max(...window.__arrivals.filter((t) => t <= at))];
    });
    ui.push(flip - d.engineMs);
    own.push(flip - arrived);
    stream.push(d.streamMs - d.engineMs);
    docker('start', id);
    await page.waitForSelector(`${sel}[data-state=ok]`, { timeout: 15_000 });
  }
  const f = (x) => `${x.toFixed(1)} ms`;
  console.log(`ui-latency: docker kill -> container shown failed in the browser UI, ${N} cycles, ${EXTRA + 1} pods on screen`);
  console.log(`  UI (page MutationObserver - engine die time):   p50 ${f(pct(ui, 50))}  p95 ${f(pct(ui, 95))}  max ${f(Math.max(...ui))}`);
  console.log(`  baseline (docker events CLI - engine die time): p50 ${f(pct(stream, 50))}  p95 ${f(pct(stream, 95))}`);
  console.log(`  the page's own share (push arrival -> DOM flip): p50 ${f(pct(own, 50))}  p95 ${f(pct(own, 95))}`);
  console.log(`  ratio p50 UI/baseline: ${(pct(ui, 50) / Math.max(pct(stream, 50), 0.1)).toFixed(2)}x; target p95 <= 100 ms: ${pct(ui, 95) <= 100 ? 'met' : 'NOT met'}`);
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
