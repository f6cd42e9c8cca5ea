// The CRI client against a private containerd with CNI (tests/integration/private-containerd.ts): what the kubelet
// does — a sandbox with a hostPort, a web container joined to it, verbose statuses, exec — checked against the kernel.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerConfig, PodSandboxConfig } from '../../electron/engine/cri/types';
import { podInterface, readContainerInfo, readSandboxInfo } from '../../electron/engine/cri/verbose';
import { freePort, until } from './helpers';
import { startPrivateContainerd, type PrivateContainerd } from './private-containerd';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
let ctd: PrivateContainerd;

beforeAll(async () => {
  ctd = await startPrivateContainerd({ prefix: 'h13' });
});

afterAll(async () => {
  await ctd?.cleanup();
  if (ctd) expect(existsSync(ctd.dir)).toBe(false);
});

function sandboxConfig(name: string, hostPort: number, sharePid: boolean): PodSandboxConfig {
  const logDirectory = `${ctd.dir}/logs/${name}`;
  mkdirSync(logDirectory, { recursive: true });
  return {
    metadata: { name, uid: `uid-${name}`, namespace: 'default', attempt: 0 },
    hostname: name,
    logDirectory,
    portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort, hostIp: '127.0.0.1' }],
    labels: { 'io.podlab.pod': name },
    annotations: { 'io.podlab.test': 'cri-client' },
    linux: { securityContext: { namespaceOptions: { network: 'POD', ipc: 'POD', pid: sharePid ? 'POD' : 'CONTAINER' } } },
  };
}

function webConfig(sandbox: PodSandboxConfig): ContainerConfig {
  return {
    metadata: { name: 'web', attempt: 0 },
    image: { image: DEMO },
    command: ['sh', '-c', 'mkdir -p /www && echo hello-cri > /www/index.html && echo started && exec httpd -f -p 80 -h /www'],
    args: [],
    workingDir: '',
    envs: [{ key: 'POD', value: sandbox.metadata.name }],
    labels: { 'io.podlab.container': 'web' },
    annotations: {},
    logPath: 'web/0.log',
    linux: { securityContext: { namespaceOptions: sandbox.linux.securityContext.namespaceOptions } },
  };
}

describe('CRI client on a private containerd', () => {
  it('reports version and readiness', async () => {
    const v = await ctd.cri.version();
    expect(v.runtimeName).toBe('containerd');
    expect(v.runtimeApiVersion).toBe('v1');
    const st = await ctd.cri.status(true);
    const cond = Object.fromEntries((st.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(cond).toEqual({ RuntimeReady: true, NetworkReady: true });
  });

  it('lists, finds and misses images through the ImageService', async () => {
    const tags = (await ctd.cri.listImages()).flatMap((i) => i.repoTags);
    expect(tags).toContain(`docker.io/${DEMO}`);
    expect(await ctd.cri.imageStatus(DEMO)).not.toBeNull();
    expect(await ctd.cri.imageStatus('docker.io/podlab-test/absent:never')).toBeNull();
  });

  it('runs a sandbox with a hostPort and a container joined to it, as the kubelet does', async () => {
    const hostPort = await freePort();
    const sb = sandboxConfig('h13-cri-web', hostPort, false);
    const sandboxId = await ctd.cri.runPodSandbox(sb);
    const status = await ctd.cri.podSandboxStatus(sandboxId, true);
    expect(status.status?.state).toBe('SANDBOX_READY');
    expect(status.status?.metadata.name).toBe('h13-cri-web');
    const info = readSandboxInfo(status.info);
    expect(info.pid).toBeGreaterThan(0);
    expect(info.netnsPath).toMatch(/^\/var\/run\/netns\/cni-/);
    // The netns file is the very namespace the sandbox's process lives in.
    const inode = execFileSync('stat', ['-L', '-c', '%i', info.netnsPath!], { encoding: 'utf8' }).trim();
    expect(readlinkSync(`/proc/${info.pid}/ns/net`)).toBe(`net:[${inode}]`);
    const eth0 = podInterface(info.cniInterfaces);
    expect(eth0?.name).toBe('eth0');
    expect(eth0?.ip).toBe(status.status?.network?.ip);
    expect(eth0?.ip?.startsWith(ctd.subnet.split('.').slice(0, 3).join('.'))).toBe(true);
    const hostSide = info.cniInterfaces.filter((i) => i.sandbox === '').map((i) => i.name);
    expect(hostSide).toContain(ctd.bridge);
    const veth = hostSide.find((n) => n !== ctd.bridge);
    expect(readFileSync(`/sys/class/net/${veth}/master/uevent`, 'utf8')).toContain(`INTERFACE=${ctd.bridge}`);

    const id = await ctd.cri.createContainer(sandboxId, webConfig(sb), sb);
    await ctd.cri.startContainer(id);
    const listed = await ctd.cri.listContainers({ podSandboxId: sandboxId });
    expect(listed.map((c) => [c.id, c.metadata.name, c.state])).toEqual([[id, 'web', 'CONTAINER_RUNNING']]);
    const cs = await ctd.cri.containerStatus(id, true);
    const cinfo = readContainerInfo(cs.info);
    expect(cinfo.sandboxId).toBe(sandboxId);
    expect(readlinkSync(`/proc/${cinfo.pid}/ns/net`)).toBe(`net:[${inode}]`);
    // PID CONTAINER (no shareProcessNamespace): its own pid namespace, unlike the sandbox's.
    expect(readlinkSync(`/proc/${cinfo.pid}/ns/pid`)).not.toBe(readlinkSync(`/proc/${info.pid}/ns/pid`));
    expect(readlinkSync(`/proc/${cinfo.pid}/ns/ipc`)).toBe(readlinkSync(`/proc/${info.pid}/ns/ipc`));

    const ex = await ctd.cri.execSync(id, ['sh', '-c', 'hostname; echo $POD; wget -qO- http://127.0.0.1:80/'], 10);
    expect(ex.exitCode).toBe(0);
    expect(ex.stdout.toString().split('\n')).toEqual(['h13-cri-web', 'h13-cri-web', 'hello-cri', '']);

    // portmap published the hostPort on 127.0.0.1.
    const body = await until(
      () => fetch(`http://127.0.0.1:${hostPort}/`).then((r) => r.text(), () => null),
      10_000,
      200,
      `hostPort ${hostPort} to answer`,
    );
    expect(body.trim()).toBe('hello-cri');
    // The CRI log file, in the kubelet's format: "<RFC3339Nano> stdout F started".
    const log = readFileSync(`${sb.logDirectory}/web/0.log`, 'utf8');
    expect(log).toMatch(/^\S+ stdout F started$/m);

    await ctd.cri.stopPodSandbox(sandboxId);
    expect(existsSync(info.netnsPath!)).toBe(false);
    expect((await ctd.cri.containerStatus(id, false)).status?.state).toBe('CONTAINER_EXITED');
    await ctd.cri.removePodSandbox(sandboxId);
    expect(await ctd.cri.listPodSandbox({ id: sandboxId })).toEqual([]);
  });

  it('shares the sandbox pid namespace with shareProcessNamespace (PID POD)', async () => {
    const sb = sandboxConfig('h13-cri-pid', await freePort(), true);
    const sandboxId = await ctd.cri.runPodSandbox(sb);
    const id = await ctd.cri.createContainer(sandboxId, webConfig(sb), sb);
    await ctd.cri.startContainer(id);
    const ps = await ctd.cri.execSync(id, ['sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "'], 10);
    expect(ps.stdout.toString()).toContain('/pause');
    await ctd.cri.stopPodSandbox(sandboxId);
    await ctd.cri.removePodSandbox(sandboxId);
  });
});
