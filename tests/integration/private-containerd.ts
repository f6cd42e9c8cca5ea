// A PRIVATE containerd with its CRI plugin and a CNI bridge, for the CRI backend's tests: own socket, root, state,
// runc root, bridge, subnet and host-local dataDir. Cleans up what containerd 1.6 writes outside its root whatever
// its config says (/var/run/netns/cni-*, /var/lib/cni/results, /run/containerd/s) — only the entries of ITS sandboxes,
// never those of dockerd's containerd or anyone else's. No vitest imports (Playwright and scripts use it too).
import { execFileSync, execSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CriClient } from '../../electron/engine/cri/client';
import { readSandboxInfo } from '../../electron/engine/cri/verbose';
import { quiet, removeServiceDir, spawnLogged, stopDaemon, waitUntilAnswers } from './private-service';

export interface PrivateContainerdOptions {
  /** Short prefix for the temp dir, bridge and CNI network name (e.g. "h13"). Default "pc". */
  prefix?: string;
  /** Images copied from the shared Docker engine (`docker save | ctr images import`). Default: the offline test images. */
  images?: string[];
}

export interface PrivateContainerd {
  /** `unix:///tmp/…/containerd.sock`, for --runtime-endpoint / CONTAINER_RUNTIME_ENDPOINT. */
  endpoint: string;
  dir: string;
  /** The CNI network name, bridge and subnet (e.g. 10.99.23.0/24) its pods get. */
  network: string;
  bridge: string;
  subnet: string;
  /** process.env with CONTAINER_RUNTIME_ENDPOINT set to this containerd. */
  env: NodeJS.ProcessEnv;
  /** A CRI client on this containerd (closed by cleanup). */
  cri: CriClient;
  /**
   * Makes a pod the way a kubelet would, directly through the CRI (kubelet's io.kubernetes.* labels, no podlab marks):
   * its sandbox, and a container running `command` when given. Returns their ids.
   */
  runKubeletPod(pod: { name: string; namespace: string; uid: string }, container?: { name: string; image: string; command: string[] }): Promise<{ sandboxId: string; containerId: string | null }>;
  /** Runs `ctr -a <socket> -n k8s.io <args>` and returns trimmed stdout. */
  ctr(args: string[], timeoutMs?: number): string;
  /** Stops and removes every sandbox, stops containerd and removes everything it made. Idempotent. */
  cleanup(): Promise<void>;
}

const SHIM_SOCKET_DIR = '/run/containerd/s';
const CNI_RESULTS = '/var/lib/cni/results';

/** A 10.99.x.0/24 no route uses yet. */
function freeSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  for (let i = 0; i < 50; i++) {
    const x = 1 + Math.floor(Math.random() * 250);
    if (!routes.includes(`10.99.${x}.`)) return `10.99.${x}.0/24`;
  }
  throw new Error('no free 10.99.x.0/24 subnet for the private CNI bridge');
}

function configToml(dir: string, pauseImage: string): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = "${dir}/root"
state = "${dir}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "${dir}/containerd.sock"
[ttrpc]
  address = "${dir}/containerd.sock.ttrpc"
[debug]
  address = "${dir}/debug.sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "${dir}/opt"

[${cri}]
  sandbox_image = "${pauseImage}"
  # This machine lacks CAP_SYS_RESOURCE: without it RunPodSandbox fails ("can't get final child's PID from pipe: EOF").
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  disable_apparmor = true
[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"
[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
[${cri}.containerd.runtimes.runc.options]
  Root = "${dir}/runc"
[${cri}.cni]
  bin_dir = "/usr/lib/cni"
  conf_dir = "${dir}/cni/net.d"
`;
}

function cniConflist(dir: string, network: string, bridge: string, subnet: string): string {
  return JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: network,
      plugins: [
        {
          type: 'bridge',
          bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: `${dir}/cni/ipam` },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  );
}

/** The shim socket containerd 1.6 makes for a task: /run/containerd/s/sha256(<grpc address>/<namespace>/<id>). */
function shimSocket(address: string, namespace: string, id: string): string {
  return join(SHIM_SOCKET_DIR, createHash('sha256').update(join(address, namespace, id)).digest('hex'));
}

/** Pids of processes whose command line names this containerd's socket (its shims), read from /proc. */
function shimPids(address: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('containerd-shim-runc-v2') && argv.includes(address)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function iptablesChainExists(chain: string): boolean {
  try {
    execFileSync('iptables', ['-t', 'nat', '-S', chain], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The portmap plugin leaves its shared nat chains (CNI-HOSTPORT-*) behind after the last CNI DEL. When this containerd
 * made them and no pod uses them any more (CNI-HOSTPORT-DNAT has no rules), the jumps and the chains go.
 */
function removeEmptyHostportChains(): void {
  let dnat: string;
  try {
    dnat = execFileSync('iptables', ['-t', 'nat', '-S', 'CNI-HOSTPORT-DNAT'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return;
  }
  if (dnat.split('\n').some((l) => l.startsWith('-A '))) return;
  const ipt = (args: string[]): void => quiet(() => execFileSync('iptables', ['-t', 'nat', ...args], { stdio: 'ignore' }));
  ipt(['-D', 'PREROUTING', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'CNI-HOSTPORT-DNAT']);
  ipt(['-D', 'OUTPUT', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'CNI-HOSTPORT-DNAT']);
  ipt(['-D', 'POSTROUTING', '-m', 'comment', '--comment', 'CNI portfwd requiring masquerade', '-j', 'CNI-HOSTPORT-MASQ']);
  for (const chain of ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']) {
    ipt(['-F', chain]);
    ipt(['-X', chain]);
  }
}

/** Whether this machine can run a private containerd with CNI (root, containerd, ctr, the bridge and portmap plugins). */
export function containerdAvailable(): boolean {
  const onPath = (bin: string): boolean => (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, bin)));
  return process.getuid?.() === 0 && onPath('containerd') && onPath('ctr') && existsSync('/usr/lib/cni/bridge') && existsSync('/usr/lib/cni/portmap');
}

/** Starts a private containerd and waits until its CRI answers; on failure everything created so far is removed. */
export async function startPrivateContainerd(opts: PrivateContainerdOptions = {}): Promise<PrivateContainerd> {
  const prefix = opts.prefix ?? 'pc';
  const tag = `${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
  const dir = mkdtempSync(`/tmp/${prefix}ctd-`);
  const address = `${dir}/containerd.sock`;
  const endpoint = `unix://${address}`;
  const network = `${prefix}-cri-${tag}`;
  const bridge = `${prefix}c${tag}`.slice(0, 15);
  const subnet = freeSubnet();
  const images = opts.images ?? [process.env.PODLAB_PAUSE_IMAGE ?? 'podlab-test/pause:local', process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local'];
  const cri = new CriClient(endpoint);
  let daemon: ChildProcess | null = null;
  let cleaned = false;
  // Everything of this containerd that lives outside its dir, collected while it runs (ids, netns paths).
  const taskIds = new Set<string>();
  const netnsPaths = new Set<string>();
  // What was there before this containerd: only what it added is removed again.
  const hadCniDir = existsSync('/var/lib/cni');
  const hadHostportChains = iptablesChainExists('CNI-HOSTPORT-DNAT');

  const ctr = (args: string[], timeoutMs = 60_000): string =>
    execFileSync('ctr', ['-a', address, '-n', 'k8s.io', ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  const remember = async (): Promise<void> => {
    for (const s of await cri.listPodSandbox()) {
      taskIds.add(s.id);
      try {
        const info = readSandboxInfo((await cri.podSandboxStatus(s.id, true)).info);
        if (info.netnsPath) netnsPaths.add(info.netnsPath);
      } catch {
        // a sandbox being removed meanwhile
      }
    }
    for (const c of await cri.listContainers()) taskIds.add(c.id);
  };

  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    if (daemon && daemon.exitCode === null) {
      try {
        await remember();
        // StopPodSandbox runs CNI DEL (portmap rules, host-local address, veth, netns); RemovePodSandbox its containers.
        for (const s of await cri.listPodSandbox()) {
          await cri.stopPodSandbox(s.id).catch(() => undefined);
          await cri.removePodSandbox(s.id).catch(() => undefined);
        }
      } catch {
        // containerd no longer answers: the file-level cleanup below still runs
      }
    }
    await stopDaemon(daemon, 20_000);
    cri.close();
    // Shims outlive containerd by design: end those that serve this one (found by its socket in their argv).
    for (const pid of shimPids(address)) quiet(() => process.kill(pid, 'SIGKILL'));
    // Task dirs name every task this containerd ran, even ones the CRI listing no longer showed.
    quiet(() => {
      for (const id of readdirSync(`${dir}/state/io.containerd.runtime.v2.task/k8s.io`)) taskIds.add(id);
    });
    for (const id of taskIds) quiet(() => rmSync(shimSocket(address, 'k8s.io', id), { force: true }));
    for (const ns of netnsPaths) {
      quiet(() => execFileSync('umount', ['-l', ns], { stdio: 'ignore' }));
      quiet(() => rmSync(ns, { force: true }));
    }
    quiet(() => {
      for (const f of readdirSync(CNI_RESULTS)) if (f.startsWith(`${network}-`)) rmSync(join(CNI_RESULTS, f), { force: true });
    });
    if (!hadCniDir) for (const d of [CNI_RESULTS, '/var/lib/cni']) quiet(() => execFileSync('rmdir', [d], { stdio: 'ignore' }));
    if (!hadHostportChains) removeEmptyHostportChains();
    quiet(() => execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }));
    // Containers without a cgroup parent go to /k8s.io/<id>: runc removes those; the parent goes when empty (rmdir
    // refuses a cgroup that still has children, so another runtime's pods there are safe).
    for (const ctl of readdirSync('/sys/fs/cgroup')) {
      for (const id of taskIds) quiet(() => execFileSync('rmdir', [`/sys/fs/cgroup/${ctl}/k8s.io/${id}`], { stdio: 'ignore' }));
      quiet(() => execFileSync('rmdir', [`/sys/fs/cgroup/${ctl}/k8s.io`], { stdio: 'ignore' }));
    }
    removeServiceDir(dir);
  };

  try {
    mkdirSync(`${dir}/cni/net.d`, { recursive: true });
    writeFileSync(`${dir}/config.toml`, configToml(dir, images[0] ?? 'registry.k8s.io/pause:3.10'));
    writeFileSync(`${dir}/cni/net.d/10-${network}.conflist`, cniConflist(dir, network, bridge, subnet));
    daemon = spawnLogged('containerd', ['--config', `${dir}/config.toml`], `${dir}/containerd.log`);
    await waitUntilAnswers('containerd', daemon, async () => {
      if (!existsSync(address)) return false;
      await cri.version();
      return true;
    }, `${dir}/containerd.log`, 100);
    if (images.length) execSync(`docker save ${images.join(' ')} | ctr -a ${address} -n k8s.io images import -`, { stdio: 'ignore', timeout: 120_000 });
  } catch (e) {
    await cleanup();
    throw e;
  }

  const runKubeletPod: PrivateContainerd['runKubeletPod'] = async (pod, container) => {
    const labels = { 'io.kubernetes.pod.name': pod.name, 'io.kubernetes.pod.namespace': pod.namespace, 'io.kubernetes.pod.uid': pod.uid };
    const logDirectory = `${dir}/pods/${pod.namespace}_${pod.name}_${pod.uid}`;
    mkdirSync(logDirectory, { recursive: true });
    const namespaceOptions = { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } as const;
    const config = {
      metadata: { ...pod, attempt: 0 },
      hostname: pod.name,
      logDirectory,
      portMappings: [],
      labels,
      annotations: {},
      linux: { securityContext: { namespaceOptions } },
    };
    const sandboxId = await cri.runPodSandbox(config);
    if (!container) return { sandboxId, containerId: null };
    const containerId = await cri.createContainer(
      sandboxId,
      {
        metadata: { name: container.name, attempt: 0 },
        image: { image: container.image },
        command: container.command,
        args: [],
        workingDir: '',
        envs: [],
        labels: { ...labels, 'io.kubernetes.container.name': container.name },
        annotations: {},
        logPath: `${container.name}/0.log`,
        linux: { securityContext: { namespaceOptions } },
      },
      config,
    );
    await cri.startContainer(containerId);
    return { sandboxId, containerId };
  };

  return {
    endpoint,
    dir,
    runKubeletPod,
    network,
    bridge,
    subnet,
    env: { ...process.env, CONTAINER_RUNTIME_ENDPOINT: endpoint },
    cri,
    ctr,
    cleanup,
  };
}
