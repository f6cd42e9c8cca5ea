// The model tells the kernel's truth: for a launched pod, `podlab inspect --json` must match readlink of the netns,
// the host veth whose ifindex is eth0's iflink, and every listening socket's owner (container, process, pid) —
// as root (direct probe) and as an ordinary docker-group user (helper probe). Also: `watch --json` sees an external
// `docker kill` and `docker rm -f` at once.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { appByName, cleanupPods, docker, ensureCliBuilt, podContainers, podlab, PODLAB, podManifest, randomHostPort, ROOT, tempDir, uniqueName, until, startWatch } from './helpers';

const pod = uniqueName('h2-model');
const user = `h2u${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
const hostPort = randomHostPort();
const tmp = tempDir();
let userCreated = false;

const manifest = podManifest(pod, [
  { name: 'web', command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80, hostPort, hostIP: '127.0.0.1' }] },
  { name: 'dns', command: ['udp-listen', '53'], ports: [{ containerPort: 53, protocol: 'UDP' }] },
]);

type Inspected = PodModel & { engine: { probe: string } };

async function inspectJson(asUser?: string): Promise<Inspected> {
  if (!asUser) {
    const r = await podlab(['inspect', pod, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Inspected;
  }
  const env = ['env', `PODLAB_PAUSE_IMAGE=${process.env.PODLAB_PAUSE_IMAGE}`, `PODLAB_DEMO_IMAGE=${process.env.PODLAB_DEMO_IMAGE}`, 'HOME=/tmp'];
  const out = execFileSync('runuser', ['-u', asUser, '--', ...env, PODLAB, 'inspect', pod, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as Inspected;
}

/** Host interface name whose ifindex is `ifindex`, read from the host's /sys/class/net. */
function hostIfaceByIndex(ifindex: number): string | undefined {
  return readdirSync('/sys/class/net').find((n) => {
    try {
      return Number(readFileSync(`/sys/class/net/${n}/ifindex`, 'utf8')) === ifindex;
    } catch {
      return false;
    }
  });
}

/** Kernel truth that every listening socket in the model is held by the pid it names, in the container it names. */
function expectOwnersTrue(p: Inspected): void {
  const ids = new Map(podContainers(pod).apps.map((a) => [a.Config.Labels['io.podlab.container'], a.Id]));
  for (const l of p.listening) {
    expect(l.pid, `owner of ${l.protocol} ${l.port}`).toBeTypeOf('number');
    const fds = readdirSync(`/proc/${l.pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${l.pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(fds).toContain(`socket:[${l.inode}]`);
    expect(readFileSync(`/proc/${l.pid}/comm`, 'utf8').trim()).toBe(l.process);
    expect(readFileSync(`/proc/${l.pid}/cgroup`, 'utf8')).toContain(ids.get(l.container ?? '') ?? 'no such container');
  }
}

function expectKernelTruth(p: Inspected): void {
  const sb = podContainers(pod).sandbox!;
  expect(p.sandbox?.id).toBe(sb.Id);
  expect(p.sandbox?.pid).toBe(sb.State.Pid);
  // netns: the model's string is readlink of the sandbox's /proc/<pid>/ns/net, and every joined container shares it.
  const netns = readlinkSync(`/proc/${sb.State.Pid}/ns/net`);
  expect(p.namespaces.net).toBe(netns);
  expect(p.netnsKey).toBe(`${netns.replace(/\D/g, '')}/${sb.Id.slice(0, 12)}`);
  for (const c of p.containers) expect(c.namespaces.net, c.name).toBe(netns);
  // veth pair: eth0's iflink (read inside the netns) is the ifindex of the host veth named in the model.
  const iflink = Number(readFileSync(`/proc/${sb.State.Pid}/root/sys/class/net/eth0/iflink`, 'utf8'));
  const eth0 = p.interfaces?.find((i) => i.name === 'eth0');
  expect(eth0?.peerIfindex).toBe(iflink);
  expect(p.hostVeth).toBe(hostIfaceByIndex(iflink));
  expect(eth0?.addresses).toContain(`${p.ip}/16`);
  expect(p.ports).toEqual([{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }]);
  // sockets: busybox httpd listens on tcp6 :::80, udp-listen on 0.0.0.0:53/udp.
  const brief = p.listening.map((l) => `${l.protocol} ${l.address}:${l.port} ${l.container} ${l.process}`);
  expect(brief).toContain('tcp6 :::80 web httpd');
  expect(brief).toContain('udp 0.0.0.0:53 dns udp-listen');
  expectOwnersTrue(p);
}

beforeAll(async () => {
  ensureCliBuilt();
  const file = tmp.write('pod.yaml', manifest);
  const r = await podlab(['launch', file, '--wait', '--json']);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(() => {
  cleanupPods([pod]);
  if (userCreated) {
    try {
      execFileSync('userdel', ['-r', user], { stdio: 'ignore' });
    } catch {
      execFileSync('userdel', [user], { stdio: 'ignore' });
    }
  }
  tmp.remove();
});

describe('the model against the kernel', () => {
  it('as root (direct probe): netns, veth peer, interfaces, published ports and socket owners are the kernel\'s', async () => {
    const p = await inspectJson();
    expect(p.engine.probe).toBe('direct');
    expect(p.phase).toBe('Running');
    expectKernelTruth(p);
  });

  it('the host part: docker0 from the engine + /sys, and the pod\'s veth on it, attributed to the pod', async () => {
    const { connectEngine } = await import('../../electron/engine/docker');
    const { buildModel } = await import('../../electron/engine/model/build');
    const model = await buildModel(await connectEngine());
    const p = model.pods.find((x) => x.name === pod)!;
    const veth = model.host.veths.find((v) => v.name === p.hostVeth)!;
    expect(veth).toMatchObject({ bridge: 'docker0', pod });
    expect(veth.ifindex).toBe(Number(readFileSync(`/sys/class/net/${veth.name}/ifindex`, 'utf8')));
    expect(veth.peerIfindex).toBe(p.interfaces?.find((i) => i.name === 'eth0')?.ifindex);
    const docker0 = model.host.bridges.find((b) => b.name === 'docker0')!;
    expect(docker0.ifindex).toBe(Number(readFileSync('/sys/class/net/docker0/ifindex', 'utf8')));
    expect(docker0.mac).toBe(readFileSync('/sys/class/net/docker0/address', 'utf8').trim());
    expect(docker0.gateway).toBe(p.gateway);
    expect(docker0.subnet).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
  });

  it('an undeclared listener (docker exec nc -l -p 7777) shows up with its owner', async () => {
    const web = appByName(pod, 'web')!;
    docker(['exec', '-d', web.Id, 'nc', '-l', '-p', '7777']);
    let found: Inspected | null = null;
    for (let i = 0; i < 20 && !found; i++) {
      const m = await inspectJson();
      if (m.listening.some((l) => l.port === 7777)) found = m;
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(found, 'nc on 7777 never appeared').not.toBeNull();
    const l = found!.listening.find((x) => x.port === 7777)!;
    expect(l).toMatchObject({ protocol: 'tcp6', address: '::', container: 'web', process: 'nc' });
    expectOwnersTrue(found!);
  });

  it('as an ordinary user in the docker group (helper probe) the same truths hold', async () => {
    execFileSync('useradd', ['-M', '-s', '/bin/sh', user]);
    userCreated = true;
    execFileSync('usermod', ['-aG', 'docker', user]);
    // The user really cannot read the namespaces: that is why the helper is needed.
    const sb = podContainers(pod).sandbox!;
    expect(() => execFileSync('runuser', ['-u', user, '--', 'readlink', '-e', `/proc/${sb.State.Pid}/ns/net`], { stdio: 'pipe' })).toThrow();
    const p = await inspectJson(user);
    expect(p.engine.probe).toBe('helper');
    expectKernelTruth(p);
    expect(p.listening.some((l) => l.port === 7777 && l.process === 'nc')).toBe(true);
    // The helper container is gone again (bounded wait: another podlab on this engine may run one briefly).
    await until(() => docker(['ps', '-aq', '--filter', 'label=io.podlab.helper']) === '', 5_000, 100);
  });
});

describe('watch --json sees changes made outside podlab', () => {
  it('an external docker kill and docker rm -f appear as container lines', async () => {
    // Kubelet-like restarts off: this test is about seeing the outside change, not podlab's reaction to it.
    const { child, lines } = startWatch({ ...process.env, PODLAB_KUBELET: 'off' });
    try {
      await until(() => lines.some((l) => l.type === 'pod' && l.pod === pod), 20_000);
      const dns = appByName(pod, 'dns')!;
      const t0 = Date.now();
      docker(['kill', dns.Id]);
      const killed = await until(() => lines.find((l) => l.type === 'container' && l.pod === pod && l.container === 'dns' && l.state === 'exited'), 5_000, 20);
      expect(killed.exitCode).toBe(137);
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(typeof killed.at === 'string' && !Number.isNaN(Date.parse(killed.at))).toBe(true);
      docker(['rm', '-f', dns.Id]);
      await until(() => lines.find((l) => l.type === 'container' && l.pod === pod && l.container === 'dns' && l.state === 'removed'), 5_000, 20);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('live mode (in process)', () => {
  it('a listener started later appears through the periodic socket refresh (exec events trigger none), with its owner', async () => {
    const { PodlabEngine } = await import('../../electron/engine/engine');
    // The refresh interval is part of the configuration the connection reads: given with it.
    const engine = await PodlabEngine.connect({ ...process.env, PODLAB_KUBELET: 'off', PODLAB_REFRESH_MS: '500' });
    try {
      const seen: PodModel[] = [];
      engine.on('push', (ev: { type: string; model?: { pods: PodModel[] } }) => {
        const p = ev.model?.pods.find((x) => x.name === pod);
        if (p) seen.push(JSON.parse(JSON.stringify(p)) as PodModel);
      });
      await engine.startLive();
      const web = appByName(pod, 'web')!;
      docker(['exec', '-d', web.Id, 'httpd', '-f', '-p', '127.0.0.1:7780', '-h', '/www']);
      const p = await until(() => seen.find((m) => m.listening.some((l) => l.port === 7780)), 10_000, 50);
      expect(p.listening.find((l) => l.port === 7780)).toMatchObject({ protocol: 'tcp', address: '127.0.0.1', container: 'web', process: 'httpd' });
    } finally {
      await engine.close();
    }
  });
});

describe('logs through the facade', () => {
  it('followLogs pushes a line written to the container\'s stdout; logs() returns it afterwards', async () => {
    const { PodlabEngine } = await import('../../electron/engine/engine');
    const engine = await PodlabEngine.connect();
    try {
      const got: string[] = [];
      engine.on('push', (ev: { type: string; container?: string; line?: string }) => {
        if (ev.type === 'log' && ev.container === 'web' && ev.line) got.push(ev.line);
      });
      await engine.followLogs(pod, 'web');
      const web = appByName(pod, 'web')!;
      docker(['exec', web.Id, 'sh', '-c', 'echo hello-from-h2 > /proc/1/fd/1']);
      await until(() => got.includes('hello-from-h2'), 5_000, 50);
      expect(await engine.logs(pod, 'web', 10)).toContain('hello-from-h2');
      await expect(engine.logs(pod, 'nope', 10)).rejects.toThrow(/no container "nope"/);
    } finally {
      await engine.close();
    }
  });
});

describe('ls, inspect and a restarted sandbox', () => {
  it('ls --json lists the pod; inspect of an unknown pod exits 2; inspect text names the probe path', async () => {
    const ls = await podlab(['ls', '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    const mine = (JSON.parse(ls.stdout) as PodModel[]).filter((p) => p.name === pod);
    expect(mine).toHaveLength(1);
    expect(mine[0].ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const unknown = await podlab(['inspect', `${pod}-nope`]);
    expect(unknown.code).toBe(2);
    const text = await podlab(['inspect', pod]);
    expect(text.stdout).toMatch(/Probe: +direct/);
    expect(text.stdout).toContain(`Host veth:  ${mine[0].hostVeth}`);
  });

  it('after the sandbox is killed and started again, it has a NEW netns and the joined containers are stranded in the old one', async () => {
    const sb = podContainers(pod).sandbox!;
    const before = readlinkSync(`/proc/${sb.State.Pid}/ns/net`);
    const web = appByName(pod, 'web')!;
    docker(['kill', sb.Id]);
    docker(['start', sb.Id]);
    const after = podContainers(pod).sandbox!;
    const fresh = readlinkSync(`/proc/${after.State.Pid}/ns/net`);
    expect(fresh).not.toBe(before);
    const p = await inspectJson();
    expect(p.namespaces.net).toBe(fresh);
    const w = p.containers.find((c) => c.name === 'web')!;
    // The kernel's truth: web still lives in the old netns (only lo there now).
    expect(w.namespaces.net).toBe(readlinkSync(`/proc/${web.State.Pid}/ns/net`));
    expect(w.namespaces.net).toBe(before);
    expect(w.message).toContain('stranded');
    // Its httpd socket is no longer in the pod's netns.
    expect(p.listening.some((l) => l.container === 'web')).toBe(false);
  });
});
