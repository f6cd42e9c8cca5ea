// Update latency per runtime: how long after a container is killed through the runtime does `podlab watch --json`
// (the live model) report it exited? Docker pushes events; containerd 1.6 has no GetContainerEvents, so podlab
// subscribes to containerd's own event service and relists at once on each event (else it relists every second like
// the kubelet's PLEG); the line's `source` says which delivered it. One pod of CONTAINERS sleeping containers on each runtime (the shared Docker
// engine, and a private containerd with CNI started here as the tests start theirs); each cycle kills the next one
// (Docker: kill; CRI: StopContainer with timeout 0, i.e. SIGKILL) and times, on this process's clock, the runtime's
// own confirmation (Docker's die event; the CRI call returning) and the watch line. Prints both side by side with
// p50/p95 and the ratio. The restart manager is off (it would restart what was killed). Everything is removed after.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ensureImages } from './images.mjs';
import { lineHandler } from './lines.mjs';
import { startBenchContainerd } from './private.mjs';

const CONTAINERS = Number(process.env.BENCH_CYCLES || 20);
ensureImages();
const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(7)} ms`;
const tmp = mkdtempSync(join(tmpdir(), 'podlab-c2-upd-'));
const names = Array.from({ length: CONTAINERS }, (_, i) => `s${i}`);

/** A pod of CONTAINERS containers that only sleep (no ports: they cannot conflict). */
function manifest(pod) {
  const file = join(tmp, `${pod}.yaml`);
  const containers = names.map((n) => `    - name: ${n}\n      image: ${process.env.PODLAB_DEMO_IMAGE}\n      command: ["sleep", "3600"]\n`).join('');
  writeFileSync(file, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  restartPolicy: Never\n  containers:\n${containers}`);
  return file;
}

/** `podlab watch --json` on `env`: its lines as they arrive, with waiters that resolve on a matching line. */
function startWatch(env) {
  const lines = [];
  const waiters = new Set();
  const child = spawn('bin/podlab', ['watch', '--json'], { env: { ...env, PODLAB_KUBELET: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on(
    'data',
    lineHandler(now, (l, t) => {
      const item = { t, line: JSON.parse(l) };
      lines.push(item);
      for (const w of [...waiters]) w(item);
    }),
  );
  const waitFor = (pred, from = 0, ms = 15_000) =>
    new Promise((res, rej) => {
      const found = lines.slice(from).find(pred);
      if (found) return res(found);
      const check = (item) => {
        if (!pred(item)) return;
        clearTimeout(timer);
        waiters.delete(check);
        res(item);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        rej(new Error('timed out waiting for a watch line'));
      }, ms);
      waiters.add(check);
    });
  return { child, lines, waitFor };
}

/**
 * Launches the pod on `env`, waits until watch reports every container running, then kills them one by one through
 * `kill(name)` (which resolves to the time the runtime confirmed it). Returns [runtime confirmation, watch line] ms.
 */
async function measure(pod, env, kill) {
  const r = podlabExit(['launch', manifest(pod), '--wait'], env);
  if (r !== 0) throw new Error(`launch of ${pod} exited ${r}`);
  const watch = startWatch(env);
  try {
    const running = (n) => (x) => x.line.type === 'container' && x.line.pod === pod && x.line.container === n && x.line.state === 'running';
    for (const n of names) await watch.waitFor(running(n), 0, 30_000);
    const confirmed = [];
    const reported = [];
    const sources = new Map();
    for (const [i, n] of names.entries()) {
      // Spread the kills evenly over the relist period, so they do not all land at the same phase of it.
      await new Promise((r) => setTimeout(r, (i * 1000) / names.length));
      const from = watch.lines.length;
      const t0 = now();
      const seen = watch.waitFor((x) => x.line.type === 'container' && x.line.pod === pod && x.line.container === n && x.line.state === 'exited', from);
      const tConfirm = await kill(n);
      const line = await seen;
      confirmed.push(tConfirm - t0);
      reported.push(line.t - t0);
      const source = line.line.source ?? 'pushed';
      sources.set(source, (sources.get(source) ?? 0) + 1);
    }
    return { confirmed, reported, sources: [...sources].map(([k, v]) => `${k} ${v}`).join(', ') };
  } finally {
    watch.child.kill('SIGTERM');
  }
}

function podlabExit(args, env) {
  try {
    execFileSync('bin/podlab', [...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    return 0;
  } catch (err) {
    return typeof err.status === 'number' ? err.status : 1;
  }
}

const dockerPod = `c2-upd-docker-${process.pid}`;
const criPod = `c2-upd-cri-${process.pid}`;
const docker = new Docker(process.env.DOCKER_HOST?.startsWith('unix://') ? { socketPath: process.env.DOCKER_HOST.slice(7) } : undefined);
let ctd = null;
let events = null;
const results = {};
try {
  // Docker: the die event of our own event stream is the runtime's confirmation.
  const dockerEnv = { ...process.env };
  delete dockerEnv.CONTAINER_RUNTIME_ENDPOINT;
  const die = new Map();
  events = await docker.getEvents({ filters: { type: ['container'], event: ['die'], label: [`io.podlab.pod=${dockerPod}`] } });
  events.on('data', lineHandler(now, (l, t) => die.get(JSON.parse(l).Actor?.Attributes?.['io.podlab.container'])?.(t)));
  results.docker = await measure(dockerPod, dockerEnv, async (n) => {
    const [id] = execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=io.podlab.pod=${dockerPod}`, '--filter', `label=io.podlab.container=${n}`], { encoding: 'utf8' }).trim().split('\n');
    const dead = new Promise((res) => die.set(n, res));
    await docker.getContainer(id).kill();
    return dead;
  });

  // containerd through the CRI: StopContainer with no grace returns once the container has exited.
  ctd = await startBenchContainerd('c2u');
  const criEnv = { ...process.env, CONTAINER_RUNTIME_ENDPOINT: ctd.endpoint, PODLAB_CRI_LOG_ROOT: `${ctd.dir}/pods` };
  results.cri = await measure(criPod, criEnv, async (n) => {
    const [c] = await ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': criPod, 'io.podlab.container': n } });
    await ctd.cri.stopContainer(c.id, 0);
    return now();
  });

  const { docker: d, cri: c } = results;
  console.log(`update latency: a container killed through the runtime → podlab watch --json reports it exited (${CONTAINERS} kills each)`);
  console.log(`  runtime                          runtime confirms it                watch --json line (the model)`);
  console.log(`  Docker (events)                  ${fmt(d.confirmed)}   ${fmt(d.reported)}`);
  console.log(`  containerd                       ${fmt(c.confirmed)}   ${fmt(c.reported)}   (lines by source: ${c.sources})`);
  console.log(`  containerd / Docker, watch line: p50 ${(pct(c.reported, 50) / pct(d.reported, 50)).toFixed(1)}×  p95 ${(pct(c.reported, 95) / pct(d.reported, 95)).toFixed(1)}×`);
  console.log(`  watch line − confirmation:       Docker p50 ${pct(d.reported.map((x, i) => x - d.confirmed[i]), 50).toFixed(1)} ms · containerd p50 ${pct(c.reported.map((x, i) => x - c.confirmed[i]), 50).toFixed(1)} ms (a 1 s relist alone would add about 500 ms)`);
} finally {
  events?.destroy?.();
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=io.podlab.pod=${dockerPod}`], { encoding: 'utf8' }).trim();
  if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
  await ctd?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
}
