// A daemon restart during `podlab watch --json` is survived: on a PRIVATE dockerd started by this test (own data-root,
// exec-root, socket, containerd namespaces and bridge — the shared engine is never touched), the watcher reports
// "disconnected" then "reconnected", keeps the pod exactly once, and keeps streaming events afterwards.
import { execFileSync, execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureCliBuilt, podlab, PODLAB, ROOT, until } from './helpers';

const tag = `${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
const dir = mkdtempSync('/tmp/h2d-');
const bridge = `h2b${tag}`.slice(0, 15);
const sock = `unix://${dir}/docker.sock`;
const pod = `h2-restart-${tag}`;
const env = { ...process.env, DOCKER_HOST: sock };
const cgroupParent = `/h2docker-${tag}`;
let daemon: ChildProcess | null = null;
let watch: ChildProcess | null = null;
const lines: Record<string, unknown>[] = [];

function freeSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  for (let i = 0; i < 50; i++) {
    const x = 100 + Math.floor(Math.random() * 150);
    if (!routes.includes(`10.231.${x}.`)) return `10.231.${x}`;
  }
  throw new Error('no free 10.231.x.0/24 subnet for the private bridge');
}

function startDaemon(): ChildProcess {
  const log = openSync(`${dir}/dockerd.log`, 'a');
  const child = spawn(
    'dockerd',
    [
      '--config-file', `${dir}/daemon.json`, '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`,
      '-H', sock, '--containerd-namespace', `h2moby${tag}`, '--containerd-plugins-namespace', `h2plug${tag}`,
      '--iptables=false', '--ip-masq=false', '--ip6tables=false', `--bridge=${bridge}`, `--cgroup-parent=${cgroupParent}`,
      '--shutdown-timeout', '2',
    ],
    { stdio: ['ignore', log, log] },
  );
  return child;
}

async function daemonUp(): Promise<void> {
  await until(() => {
    try {
      execFileSync('docker', ['-H', sock, 'version'], { stdio: 'ignore', timeout: 3000 });
      return true;
    } catch {
      return false;
    }
  }, 30_000, 200);
}

async function stopDaemon(): Promise<void> {
  const d = daemon;
  daemon = null;
  if (!d || d.exitCode !== null) return;
  const exited = new Promise<void>((res) => d.once('exit', () => res()));
  d.kill('SIGTERM');
  const t = setTimeout(() => d.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(t);
}

beforeAll(async () => {
  ensureCliBuilt();
  const subnet = freeSubnet();
  writeFileSync(`${dir}/daemon.json`, '{}');
  execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
  execFileSync('ip', ['link', 'set', bridge, 'up']);
  daemon = startDaemon();
  await daemonUp();
  const images = [process.env.PODLAB_PAUSE_IMAGE, process.env.PODLAB_DEMO_IMAGE].join(' ');
  execSync(`docker save ${images} | docker -H ${sock} load`, { stdio: 'ignore', timeout: 60_000 });
  const r = await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { env });
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  watch?.kill('SIGTERM');
  try {
    if (daemon) {
      const ids = execFileSync('docker', ['-H', sock, 'ps', '-aq'], { encoding: 'utf8', timeout: 20_000 }).trim();
      if (ids) execFileSync('docker', ['-H', sock, 'rm', '-f', ...ids.split('\n')], { stdio: 'ignore', timeout: 60_000 });
    }
  } catch {
    // the daemon is gone already; its containers went with it
  }
  await stopDaemon();
  // The daemon's managed containerd normally exits with it; make sure (by its own pid file only).
  const cpid = `${dir}/exec/containerd/containerd.pid`;
  if (existsSync(cpid)) {
    try {
      process.kill(Number(readFileSync(cpid, 'utf8')), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  try {
    execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
  } catch {
    // not created
  }
  for (const ctl of readdirSync('/sys/fs/cgroup')) {
    try {
      execFileSync('rmdir', [`/sys/fs/cgroup/${ctl}${cgroupParent}`], { stdio: 'ignore' });
    } catch {
      // not there
    }
  }
  try {
    execFileSync('sh', ['-c', `grep -o " ${dir}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`], { stdio: 'ignore' });
  } catch {
    // nothing mounted
  }
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

it('watch --json survives a daemon restart: engine lines, no pod lost or duplicated, events flow again', async () => {
  // The kubelet-like restart manager is off: it would (rightly) recreate the sandbox the stopping daemon killed, and
  // this test is about the model's own view of the restart.
  watch = spawn(process.execPath, [PODLAB, 'watch', '--json'], { cwd: ROOT, env: { ...env, PODLAB_KUBELET: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  watch.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const l of parts) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  await until(() => lines.some((l) => l.type === 'pod' && l.pod === pod && l.phase === 'Running'), 20_000);

  await stopDaemon();
  await until(() => lines.find((l) => l.type === 'engine' && l.state === 'disconnected'), 20_000);
  daemon = startDaemon();
  await daemonUp();
  await until(() => lines.find((l) => l.type === 'engine' && l.state === 'reconnected'), 30_000);
  expect(watch.exitCode).toBeNull();

  // Events flow on the new stream: start the pod again (the daemon stopped its containers) and see it.
  const sandbox = execFileSync('docker', ['-H', sock, 'ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.role=sandbox'], { encoding: 'utf8' }).trim();
  const n = lines.length;
  execFileSync('docker', ['-H', sock, 'start', sandbox], { stdio: 'ignore' });
  await until(() => lines.slice(n).find((l) => l.type === 'container' && l.pod === pod && l.container === 'POD' && l.state === 'running'), 10_000);

  // Nothing reported removed (no container was); listed exactly once after the restart.
  expect(lines.filter((l) => l.pod === pod && l.state === 'removed')).toEqual([]);
  const ls = await podlab(['ls', '--json'], { env });
  expect(ls.code, ls.stderr).toBe(0);
  expect((JSON.parse(ls.stdout) as { name: string }[]).filter((p) => p.name === pod)).toHaveLength(1);
  const engineLines = lines.filter((l) => l.type === 'engine').map((l) => l.state);
  expect(engineLines).toEqual(['connected', 'disconnected', 'reconnected']);
});
