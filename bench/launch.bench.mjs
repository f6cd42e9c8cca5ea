// Launch benchmark: `bin/podlab launch <file>` of a 4-container pod (sandbox + 3 apps), process start to exit,
// against the equivalent sequential docker CLI commands (docker run -d sandbox, then 3× docker run -d
// --network container:…). Interleaved rounds (11, or BENCH_ROUNDS), cleanup after each; prints both medians and the ratio (target ≤ 0.8).
// Needs a built tree (npm run build) and a running engine; the offline images are built when not named (images.mjs).
// BENCH_SLOW_ENGINE=1: the same, on a slow engine made on demand (slow-engine.mjs, a delaying proxy on a private
// socket in front of the engine; both podlab and the docker CLI go through it), then a trace of one podlab launch:
// every request against process start.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureImages } from './images.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 11);
ensureImages();
const slow = process.env.BENCH_SLOW_ENGINE === '1' ? await startSlowEngine() : null;
const pause = process.env.PODLAB_PAUSE_IMAGE;
const demo = process.env.PODLAB_DEMO_IMAGE;

const apps = [
  ['web', ['httpd', '-f', '-p', '80', '-h', '/www']],
  ['api', ['httpd', '-f', '-p', '8080', '-h', '/www']],
  ['admin', ['httpd', '-f', '-p', '9090', '-h', '/www']],
];
const tag = `bench-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'podlab-bench-'));

/** Starts the delaying proxy in front of the engine this bench would use, and points everything below at it. */
async function startSlowEngine() {
  const sdir = mkdtempSync(join(tmpdir(), 'podlab-slow-engine-'));
  const socket = join(sdir, 'engine.sock');
  const trace = join(sdir, 'trace.jsonl');
  const upstream = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : '/var/run/docker.sock';
  const proxy = spawn(process.execPath, ['bench/slow-engine.mjs', socket, trace, upstream], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100 && !existsSync(socket); i += 1) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) throw new Error('the slow-engine proxy did not start');
  process.env.DOCKER_HOST = `unix://${socket}`;
  return {
    trace,
    stop: () => {
      proxy.kill();
      rmSync(sdir, { recursive: true, force: true });
    },
  };
}

/** One podlab launch on the slow engine, every request printed against process start (ms: sent, answered, took). */
function traceOnePodlabLaunch() {
  truncateSync(slow.trace);
  const t0 = performance.timeOrigin + performance.now();
  const total = runPodlab('trace');
  console.log(`  trace of one podlab launch (${total.toFixed(0)} ms; ms since process start: sent → answered, took):`);
  for (const line of readFileSync(slow.trace, 'utf8').trim().split('\n')) {
    const r = JSON.parse(line);
    const path = r.path.replace(/[0-9a-f]{64}/g, (id) => id.slice(0, 12)).replace(/_[0-9a-f-]{36}_/, '_<uid>_');
    console.log(`    ${(r.t0 - t0).toFixed(0).padStart(5)} → ${(r.t1 - t0).toFixed(0).padStart(5)}  ${(r.t1 - r.t0).toFixed(0).padStart(4)}  ${r.method} ${decodeURIComponent(path).slice(0, 100)}`);
  }
}

function manifest(name) {
  const containers = apps
    .map(([n, cmd]) => `  - name: ${n}\n    image: "${demo}"\n    command: ${JSON.stringify(cmd)}\n    ports: [{containerPort: ${cmd[3]}}]`)
    .join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n${containers}\n`;
}

function cleanup(label) {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`], { encoding: 'utf8' }).trim();
  if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
}

function timed(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function runPodlab(round) {
  const name = `${tag}-p${round}`;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, manifest(name));
  const ms = timed(() => {
    const r = spawnSync('bin/podlab', ['launch', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`podlab launch failed (${r.status}): ${r.stderr}`);
  });
  cleanup(`io.podlab.pod=${name}`);
  return ms;
}

function runDocker(round) {
  const label = `io.podlab.bench=${tag}-d${round}`;
  let sandbox = '';
  const ms = timed(() => {
    cliSandbox.push(timed(() => (sandbox = execFileSync('docker', ['run', '-d', '--label', label, '--ipc', 'shareable', pause], { encoding: 'utf8' }).trim())));
    for (const [, cmd] of apps) {
      cliApp.push(timed(() => execFileSync('docker', ['run', '-d', '--label', label, '--network', `container:${sandbox}`, '--ipc', `container:${sandbox}`, demo, ...cmd], { stdio: 'ignore' })));
    }
  });
  cleanup(label);
  return ms;
}

// The engine's own per-call times (Engine API through dockerode, no CLI start-up), so a reader sees which kind of
// engine the ratio was measured on (a slow one takes ~500 ms to start a sandbox).
const cliSandbox = [];
const cliApp = [];
const api = { createSandbox: [], startSandbox: [], createApp: [], startApp: [] };
async function timedAsync(list, fn) {
  const t = process.hrtime.bigint();
  const v = await fn();
  list.push(Number(process.hrtime.bigint() - t) / 1e6);
  return v;
}
async function engineCalls(round) {
  const { default: Docker } = await import('dockerode');
  const host = process.env.DOCKER_HOST;
  const docker = new Docker(host?.startsWith('unix://') ? { socketPath: host.slice(7) } : undefined);
  const Labels = { 'io.podlab.bench': `${tag}-e${round}` };
  try {
    const sb = await timedAsync(api.createSandbox, () => docker.createContainer({ Image: pause, Labels, HostConfig: { IpcMode: 'shareable' } }));
    await timedAsync(api.startSandbox, () => sb.start());
    const mode = `container:${sb.id}`;
    const app = await timedAsync(api.createApp, () => docker.createContainer({ Image: demo, Cmd: apps[0][1], Labels, HostConfig: { NetworkMode: mode, IpcMode: mode } }));
    await timedAsync(api.startApp, () => app.start());
  } finally {
    cleanup(`io.podlab.bench=${tag}-e${round}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const podlabMs = [];
const dockerMs = [];
try {
  runPodlab('warm');
  runDocker('warm');
  cliSandbox.length = 0;
  cliApp.length = 0;
  for (let i = 0; i < ROUNDS; i += 1) {
    // Interleave, alternating who goes first, so engine load drifts hit both sides alike.
    if (i % 2 === 0) {
      podlabMs.push(runPodlab(i));
      dockerMs.push(runDocker(i));
    } else {
      dockerMs.push(runDocker(i));
      podlabMs.push(runPodlab(i));
    }
  }
  for (let i = 0; i < Math.min(ROUNDS, 5); i += 1) await engineCalls(i);
  if (slow) traceOnePodlabLaunch();
} finally {
  for (let i = 0; i < ROUNDS; i += 1) {
    cleanup(`io.podlab.pod=${tag}-p${i}`);
    cleanup(`io.podlab.bench=${tag}-d${i}`);
  }
  for (const r of ['warm', 'trace']) cleanup(`io.podlab.pod=${tag}-p${r}`);
  cleanup(`io.podlab.bench=${tag}-dwarm`);
  rmSync(dir, { recursive: true, force: true });
  slow?.stop();
}

const p = median(podlabMs);
const d = median(dockerMs);
const ratio = p / d;
console.log(`launch of a 4-container pod (sandbox + 3 apps), ${ROUNDS} interleaved rounds${slow ? ', on the slow engine (slow-engine.mjs: create ≥ 75 ms, sandbox start ≥ 445 ms, joined start ≥ 230 ms)' : ''}`);
console.log(`  podlab launch (process start to exit): median ${p.toFixed(0)} ms   [${podlabMs.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`  docker run × 4 (sequential):           median ${d.toFixed(0)} ms   [${dockerMs.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`  ratio podlab/docker: ${ratio.toFixed(2)} (target ≤ 0.80) ${ratio <= 0.8 ? 'OK' : 'ABOVE TARGET'}`);
const m = (xs) => `${median(xs).toFixed(0)} ms`;
console.log(`  engine per call (median): API create sandbox ${m(api.createSandbox)}, start sandbox ${m(api.startSandbox)}, create joined app ${m(api.createApp)}, ` +
  `start joined app ${m(api.startApp)}; CLI docker run sandbox ${m(cliSandbox)}, docker run joined app ${m(cliApp)}`);
process.exit(ratio <= 0.8 ? 0 : 1);
