// A PRIVATE dockerd for tests that must not touch the shared engine (daemon restarts, `rm --all`): own data-root,
// exec-root, pidfile, socket, containerd namespaces, cgroup parent and bridge, --iptables=false. No vitest imports, so
// Playwright tests can use it too. Needs root, `dockerd`, `ip`; the shared engine is only read (`docker save`).
import { execFileSync, execSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { quiet, removeServiceDir, spawnLogged, stopDaemon, waitUntilAnswers } from './private-service';

export interface PrivateDaemonOptions {
  /** Short prefix for the temp dir, bridge, containerd namespaces and cgroup parent (e.g. "h2", "w2a"). Default "pd". */
  prefix?: string;
  /** Images copied from the shared engine once it is up (`docker save | docker -H <private> load`). Default none. */
  images?: string[];
  /** Also listen on tcp://127.0.0.1:<free port> (no TLS, loopback only): an engine reached over the network. */
  tcp?: boolean;
}

export interface PrivateDaemon {
  /** `unix:///tmp/…/docker.sock`, for DOCKER_HOST (the podlab CLI and the docker CLI both honour it). */
  host: string;
  /** The daemon's temp dir (data, exec root, log at `dockerd.log`). */
  dir: string;
  /** process.env with DOCKER_HOST set to this daemon. */
  env: NodeJS.ProcessEnv;
  /** `tcp://127.0.0.1:<port>` when started with `tcp: true`, else null. */
  tcpHost: string | null;
  /** Runs the docker CLI against this daemon and returns trimmed stdout; throws on a non-zero exit. */
  docker(args: string[], timeoutMs?: number): string;
  /** Copies images from the shared engine into this daemon. */
  loadImages(images: string[]): void;
  /** Stops dockerd (SIGTERM, SIGKILL after 30 s); its containers stop with it. Data is kept. */
  stop(): Promise<void>;
  /** Starts dockerd again on the same data (after stop) and waits until it answers (≤ 30 s). */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Removes every container of this daemon, stops it, and removes its bridge, cgroups, mounts and dir. Idempotent. */
  cleanup(): Promise<void>;
}

/** The images the tests use (set by global-setup / scripts/test.sh), falling back to the offline test images. */
export function testImageNames(): string[] {
  return [process.env.PODLAB_PAUSE_IMAGE ?? 'podlab-test/pause:local', process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local'];
}

function freeSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  for (let i = 0; i < 50; i++) {
    const x = 100 + Math.floor(Math.random() * 150);
    if (!routes.includes(`10.231.${x}.`)) return `10.231.${x}`;
  }
  throw new Error('no free 10.231.x.0/24 subnet for the private bridge');
}

/** A loopback port nothing listens on right now (asked from the kernel, then released for dockerd). */
function loopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a !== 'string' ? resolve(a.port) : reject(new Error('no loopback port'))));
    });
  });
}

/** Starts a private dockerd and waits until it answers; on failure everything created so far is removed. */
export async function startPrivateDaemon(opts: PrivateDaemonOptions = {}): Promise<PrivateDaemon> {
  const prefix = opts.prefix ?? 'pd';
  const tcpHost = opts.tcp ? `tcp://127.0.0.1:${await loopbackPort()}` : null;
  const tag = `${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
  const dir = mkdtempSync(`/tmp/${prefix}d-`);
  const bridge = `${prefix}b${tag}`.slice(0, 15);
  const sock = `unix://${dir}/docker.sock`;
  const cgroupParent = `/${prefix}docker-${tag}`;
  let daemon: ChildProcess | null = null;
  let bridgeMade = false;
  let cleaned = false;

  const docker = (args: string[], timeoutMs = 60_000): string =>
    execFileSync('docker', ['-H', sock, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  const start = async (): Promise<void> => {
    if (daemon && daemon.exitCode === null) return;
    daemon = spawnLogged(
      'dockerd',
      [
        '--config-file', `${dir}/daemon.json`, '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`,
        '-H', sock, ...(tcpHost ? ['-H', tcpHost] : []), '--containerd-namespace', `${prefix}moby${tag}`, '--containerd-plugins-namespace', `${prefix}plug${tag}`,
        '--iptables=false', '--ip-masq=false', '--ip6tables=false', `--bridge=${bridge}`, `--cgroup-parent=${cgroupParent}`,
        '--shutdown-timeout', '2',
      ],
      `${dir}/dockerd.log`,
    );
    await waitUntilAnswers('dockerd', daemon, () => {
      execFileSync('docker', ['-H', sock, 'version'], { stdio: 'ignore', timeout: 3000 });
      return true;
    }, `${dir}/dockerd.log`);
  };

  const stop = async (): Promise<void> => {
    const d = daemon;
    daemon = null;
    await stopDaemon(d, 30_000);
  };

  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    if (daemon && daemon.exitCode === null) {
      quiet(() => {
        const ids = docker(['ps', '-aq'], 20_000);
        if (ids) docker(['rm', '-f', ...ids.split('\n')], 60_000);
      });
    }
    await stop();
    // The daemon's managed containerd normally exits with it; make sure (by its own pid file only).
    const cpid = `${dir}/exec/containerd/containerd.pid`;
    if (existsSync(cpid)) quiet(() => process.kill(Number(readFileSync(cpid, 'utf8')), 'SIGTERM'));
    if (bridgeMade) quiet(() => execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }));
    for (const ctl of readdirSync('/sys/fs/cgroup')) {
      quiet(() => execFileSync('rmdir', [`/sys/fs/cgroup/${ctl}${cgroupParent}`], { stdio: 'ignore' }));
    }
    removeServiceDir(dir);
  };

  const loadImages = (images: string[]): void => {
    if (images.length) execSync(`docker save ${images.join(' ')} | docker -H ${sock} load`, { stdio: 'ignore', timeout: 60_000 });
  };

  try {
    const subnet = freeSubnet();
    writeFileSync(`${dir}/daemon.json`, '{}');
    execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
    bridgeMade = true;
    execFileSync('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', bridge]);
    execFileSync('ip', ['link', 'set', bridge, 'up']);
    await start();
    loadImages(opts.images ?? []);
  } catch (e) {
    await cleanup();
    throw e;
  }

  return {
    host: sock,
    dir,
    env: { ...process.env, DOCKER_HOST: sock },
    tcpHost,
    docker,
    loadImages,
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
    cleanup,
  };
}
