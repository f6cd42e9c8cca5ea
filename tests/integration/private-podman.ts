// A PRIVATE Podman service for tests (like private-daemon.ts for dockerd): own --root/--runroot/tmp dir, its own
// containers.conf (cgroupfs, file events logger at its own path, runc, the ulimits this machine needs), its own default
// network (own subnet and bridge name), the offline images loaded from the shared Docker engine, and a cleanup that
// removes what Podman writes outside its root too. No vitest imports, so Playwright tests can use it.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { podmanOutside, type OutsideState } from './private-podman-outside';
import { removeServiceDir, spawnLogged, stopDaemon, waitUntilAnswers } from './private-service';

export interface PrivatePodman {
  /** `unix:///tmp/…/podman.sock`, for DOCKER_HOST (podlab speaks Docker's API to it). */
  host: string;
  /** The service's temp dir (root, runroot, containers.conf, service log at `podman.log`). */
  dir: string;
  /** The Linux bridge of its default network (podlab must find it without guessing podman0). */
  bridge: string;
  subnet: string;
  /** process.env with DOCKER_HOST set to this service. */
  env: NodeJS.ProcessEnv;
  /** Runs the podman CLI against this service (`--remote`) and returns trimmed stdout; throws on a non-zero exit. */
  podman(args: string[], timeoutMs?: number): string;
  /** Removes every container of this service, stops it, and removes its dir and what it left outside. Idempotent. */
  cleanup(): Promise<void>;
}

/** Whether this machine can run the private Podman service at all (root and the podman CLI). */
export function podmanAvailable(): boolean {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  try {
    execFileSync('podman', ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes every container, in passes: Podman refuses to remove a sandbox while joined containers depend on it, so one
 * `rm` of all ids can leave it behind. Bounded.
 */
function removeContainers(podman: (args: string[], timeoutMs?: number) => string): void {
  for (let pass = 0; pass < 5; pass++) {
    let ids: string[];
    try {
      ids = podman(['ps', '-aq'], 20_000).split('\n').filter(Boolean);
    } catch {
      return; // the service does not answer: killLeftovers stops what it left
    }
    if (ids.length === 0) return;
    for (const id of ids) {
      try {
        podman(['rm', '-f', '-t', '0', id], 30_000);
      } catch {
        // a dependency not removed yet: the next pass
      }
    }
  }
}

/** Kills what this instance's containers left running (their conmon and container pids, from its own runroot). */
function killLeftovers(dir: string): void {
  let ctrs: string[];
  try {
    ctrs = readdirSync(`${dir}/run/overlay-containers`);
  } catch {
    return;
  }
  for (const c of ctrs) {
    for (const f of ['pidfile', 'conmon.pid']) {
      try {
        const pid = Number(readFileSync(`${dir}/run/overlay-containers/${c}/userdata/${f}`, 'utf8').trim());
        if (pid > 1) process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

function freeSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  for (let i = 0; i < 50; i++) {
    const x = 100 + Math.floor(Math.random() * 150);
    if (!routes.includes(`10.232.${x}.`)) return `10.232.${x}`;
  }
  throw new Error('no free 10.232.x.0/24 subnet for the private Podman network');
}

function containersConf(dir: string): string {
  return [
    '[containers]',
    // Without CAP_SYS_RESOURCE (this machine) every start fails with "error setting rlimit type 7" otherwise.
    'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]',
    '[engine]',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    `events_logfile_path = "${dir}/events.log"`,
    'runtime = "runc"',
    `tmp_dir = "${dir}/tmp"`,
    `volume_path = "${dir}/root/volumes"`,
    '[network]',
    'network_backend = "netavark"',
    `network_config_dir = "${dir}/networks"`,
    '',
  ].join('\n');
}

/** The default network "podman" (Docker's API calls it "bridge") with this instance's subnet and bridge. */
function defaultNetwork(subnet: string, bridge: string): string {
  return JSON.stringify({
    name: 'podman',
    id: randomBytes(32).toString('hex'),
    driver: 'bridge',
    network_interface: bridge,
    created: new Date().toISOString(),
    subnets: [{ subnet: `${subnet}.0/24`, gateway: `${subnet}.1` }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: 'host-local' },
  });
}

/** Starts a private `podman system service` and waits until it answers; on failure everything created is removed. */
export async function startPrivatePodman(opts: { prefix?: string; images?: string[] } = {}): Promise<PrivatePodman> {
  const prefix = opts.prefix ?? 'pp';
  const dir = mkdtempSync(`/tmp/${prefix}p-`);
  const tag = `${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
  const bridge = `${prefix}p${tag}`.slice(0, 15);
  const sock = `${dir}/podman.sock`;
  const conf = `${dir}/containers.conf`;
  const subnet = freeSubnet();
  const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: conf };
  const base = ['--root', `${dir}/root`, '--runroot', `${dir}/run`];
  let service: ChildProcess | null = null;
  let outside: OutsideState | null = null;
  let cleaned = false;

  const podman = (args: string[], timeoutMs = 60_000): string =>
    execFileSync('podman', ['--remote', '--url', `unix://${sock}`, ...args], { encoding: 'utf8', timeout: timeoutMs, env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    if (service && service.exitCode === null) removeContainers(podman);
    await stopDaemon(service, 10_000);
    killLeftovers(dir);
    outside?.release(bridge, subnet);
    removeServiceDir(dir);
  };

  try {
    writeFileSync(conf, containersConf(dir));
    execFileSync('mkdir', ['-p', `${dir}/networks`, `${dir}/tmp`]);
    writeFileSync(`${dir}/networks/podman.json`, defaultNetwork(subnet, bridge));
    outside = podmanOutside(tag);
    service = spawnLogged('podman', [...base, 'system', 'service', '--time=0', `unix://${sock}`], `${dir}/podman.log`, env);
    await waitUntilAnswers('podman service', service, () => {
      podman(['version'], 5000);
      return true;
    }, `${dir}/podman.log`);
    // Offline images from the shared Docker engine (read only): `docker save | podman load` keeps their entrypoints.
    const images = opts.images ?? [];
    if (images.length) {
      execFileSync('sh', ['-c', 'docker save "$@" | podman --remote --url "$SOCK" load', 'sh', ...images], { env: { ...env, SOCK: `unix://${sock}` }, stdio: 'ignore', timeout: 120_000 });
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { host: `unix://${sock}`, dir, bridge, subnet: `${subnet}.0/24`, env: { ...process.env, DOCKER_HOST: `unix://${sock}` }, podman, cleanup };
}
