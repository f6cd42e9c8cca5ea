// Hands inside the pod: (1) keystroke → echo round trip through `podlab serve` (a WebSocket client opens a terminal on
// the sidecar of web-sidecar and types one character at a time; the TTY echoes it back), p50/p95 over BENCH_N keys,
// target p95 <= 30 ms; (2) `podlab exec <pod> -- true` (fast path, and the Node path beside it) against
// `docker exec <id> true` in the same run, alternating, medians and their ratios (target <= 1.0x). Needs `npm run
// build` and the images (scripts/bench.mjs prepares them).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { ensureImages } from './images.mjs';

const N = Number(process.env.BENCH_N ?? 40);
ensureImages();
const pod = `h11-bench-${Date.now().toString(36)}`;
const docker = (...a) => execFileSync('docker', a, { encoding: 'utf8', timeout: 30_000 }).trim();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const withTimeout = (p, t, what) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out: ${what}`)), t))]);

let serve;
let ws;
try {
  execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });

  // (2) exec against docker exec, alternating so all see the same engine load: bin/podlab as a user runs it (the native
  // fast path out/native/podlab-exec when built), the Node path beside it (PODLAB_EXEC_NATIVE=0), and `node -e 0`, the
  // Node path's floor (NODE_EXTRA_CA_CERTS, when set, makes Node 20 load every CA at start; bin/podlab drops it for a
  // local engine, `node -e 0` here keeps it).
  const id = docker('ps', '-q', '--no-trunc', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=web');
  const runs = { podlab: [], docker: [], nodePath: [], node: [] };
  const EXEC_N = Math.max(15, Number(process.env.BENCH_EXEC_N ?? 20));
  const execArgs = ['exec', pod, '-c', 'web', '--', 'true'];
  for (let i = 0; i < EXEC_N + 2; i++) {
    const timed = (cmd, args, env = process.env) => {
      const t = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { stdio: 'ignore', env });
      return { ms: ms(t), status: r.status };
    };
    const a = timed('bin/podlab', execArgs);
    const b = timed('docker', ['exec', id, 'true']);
    const c = timed('bin/podlab', execArgs, { ...process.env, PODLAB_EXEC_NATIVE: '0' });
    const n = timed(process.execPath, ['-e', '0']);
    if (a.status !== 0 || b.status !== 0 || c.status !== 0) throw new Error(`exec failed: podlab ${a.status}, docker ${b.status}, podlab (Node path) ${c.status}`);
    // The first two of each warm caches.
    if (i >= 2) [runs.podlab, runs.docker, runs.nodePath, runs.node].forEach((xs, k) => xs.push([a, b, c, n][k].ms));
  }
  const spread = (xs) => `median ${pct(xs, 50).toFixed(1)} ms (q1-q3 ${pct(xs, 25).toFixed(1)}-${pct(xs, 75).toFixed(1)}, min-max ${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`;
  const ratio = (xs) => {
    const pairs = xs.map((x, i) => x / runs.docker[i]);
    return `${(pct(xs, 50) / pct(runs.docker, 50)).toFixed(2)}x (per-run ratios q1-q3 ${pct(pairs, 25).toFixed(2)}-${pct(pairs, 75).toFixed(2)})`;
  };
  const fast = existsSync('out/native/podlab-exec') ? 'native fast path' : 'no C compiler at build: Node path';
  console.log(`exec over ${EXEC_N} alternating runs: docker exec true ${spread(runs.docker)}`);
  console.log(`exec: podlab exec -- true (${fast}) ${spread(runs.podlab)}: ${ratio(runs.podlab)} of docker exec (target <= 1.0x)`);
  console.log(`exec: podlab exec -- true (Node path, PODLAB_EXEC_NATIVE=0) ${spread(runs.nodePath)}: ${ratio(runs.nodePath)} of docker exec`);
  console.log(`exec: Node's own start-up (node -e 0) ${spread(runs.node)}${process.env.NODE_EXTRA_CA_CERTS ? '; NODE_EXTRA_CA_CERTS is set' : ''}`);

  // (1) keystroke → echo through serve's WebSocket and a TTY.
  serve = spawn('bin/podlab', ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PODLAB_KUBELET_ONLY: pod } });
  const url = new URL(
    await withTimeout(new Promise((resolve) => createInterface({ input: serve.stdout }).on('line', (l) => { const m = /http:\S+/.exec(l); if (m) resolve(m[0]); })), 15_000, 'podlab serve URL'),
  );
  ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { origin: `http://${url.host}` });
  await withTimeout(new Promise((r, j) => ws.once('open', r).once('error', j)), 10_000, 'WebSocket');
  let next = 1;
  const pending = new Map();
  let onOutput = () => undefined;
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m));
    if (msg.kind === 'response') {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.ok) p?.resolve(msg.result);
      else p?.reject(new Error(msg.error));
    } else if (msg.event?.type === 'terminal') onOutput(msg.event);
  });
  const req = (method, args) => new Promise((resolve, reject) => {
    const rid = next++;
    pending.set(rid, { resolve, reject });
    ws.send(JSON.stringify({ kind: 'request', id: rid, method, args }));
  });
  const term = await withTimeout(req('openTerminal', [{ pod, container: 'sidecar', cols: 100, rows: 30 }]), 15_000, 'openTerminal');
  let seen = '';
  onOutput = (ev) => {
    seen += ev.data;
    void req('terminalAck', [term.id, ev.data.length]);
  };
  await withTimeout(new Promise((r) => { const t = setInterval(() => seen.includes('#') && (clearInterval(t), r()), 10); }), 10_000, 'the prompt');
  const rtt = [];
  for (let i = 0; i < N; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    seen = '';
    const t0 = process.hrtime.bigint();
    const echoed = new Promise((resolve) => { onOutput = (ev) => { void req('terminalAck', [term.id, ev.data.length]); if (ev.data.includes(ch)) resolve(); }; });
    await req('terminalInput', [term.id, ch]);
    await withTimeout(echoed, 5_000, `echo of ${ch}`);
    rtt.push(ms(t0));
    await new Promise((r) => setTimeout(r, 20));
  }
  await req('closeTerminal', [term.id]);
  console.log(`terminal: keystroke -> echo through podlab serve over ${N} keys: p50 ${pct(rtt, 50).toFixed(1)} ms, p95 ${pct(rtt, 95).toFixed(1)} ms (target p95 <= 30 ms)`);
} finally {
  ws?.close();
  serve?.kill('SIGTERM');
  const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  if (ids.length) spawnSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
}
