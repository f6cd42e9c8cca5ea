// The CRI implementation of the runtime interface against a private containerd: a pod launched the kubelet's way
// through the interface podlab's engine uses, observed through it, and what the CRI cannot do refused with a reason.
import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CriRuntime } from '../../electron/engine/runtime/cri';
import type { RuntimeEvent } from '../../electron/engine/runtime/runtime';
import { freePort, until } from './helpers';
import { startPrivateContainerd, type PrivateContainerd } from './private-containerd';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
let ctd: PrivateContainerd;
let rt: CriRuntime;
const savedLogRoot = process.env.PODLAB_CRI_LOG_ROOT;
const savedPodRoot = process.env.PODLAB_CRI_POD_ROOT;

beforeAll(async () => {
  ctd = await startPrivateContainerd({ prefix: 'h13' });
  process.env.PODLAB_CRI_LOG_ROOT = `${ctd.dir}/pods`;
  process.env.PODLAB_CRI_POD_ROOT = `${ctd.dir}/pod-state`;
  rt = await CriRuntime.connect(ctd.endpoint);
});

afterAll(async () => {
  rt?.close();
  await ctd?.cleanup();
  if (savedLogRoot === undefined) delete process.env.PODLAB_CRI_LOG_ROOT;
  else process.env.PODLAB_CRI_LOG_ROOT = savedLogRoot;
  if (savedPodRoot === undefined) delete process.env.PODLAB_CRI_POD_ROOT;
  else process.env.PODLAB_CRI_POD_ROOT = savedPodRoot;
});

const pod = { name: 'h13-rt-web', namespace: 'default', uid: 'h13-uid-1' };

describe('CriRuntime (runtime interface over the CRI)', () => {
  it('says what it is and which CNI bridge pods hang on', async () => {
    expect(rt.info).toMatchObject({ kind: 'cri', endpoint: ctd.endpoint, apiVersion: 'v1' });
    expect(rt.info.platform).toBe('containerd');
    expect(rt.info.version).toMatch(/^1\.\d+/);
    const gw = ctd.subnet.replace(/0\/24$/, '1');
    expect(await rt.bridges()).toEqual([{ network: ctd.network, bridge: ctd.bridge, subnet: ctd.subnet, gateway: gw }]);
    expect(await rt.images.present(DEMO)).toBe(true);
    expect(await rt.images.present('docker.io/podlab-test/absent:never')).toBe(false);
  });

  it('launches, observes and tears down a pod the kubelet way', async () => {
    const hostPort = await freePort();
    const events: RuntimeEvent[] = [];
    const sub = rt.events.subscribe({ type: 'container', pod: pod.name });
    sub.on('event', (e) => events.push(e));
    expect(await sub.start()).toBe(true);
    try {
      const { id: sandboxId, started } = await rt.sandboxes.run({
        pod,
        attempt: 0,
        hostname: pod.name,
        image: 'ignored:by-cri',
        ports: [{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }],
        labels: { 'io.podlab.test': 'runtime-cri' },
      });
      await started;
      const sb = await rt.sandboxes.status(sandboxId);
      expect(sb).toMatchObject({ state: 'running', name: `k8s_POD_${pod.name}_default_${pod.uid}_0`, hostname: pod.name });
      expect(sb?.labels).toMatchObject({ 'io.podlab.pod': pod.name, 'io.podlab.role': 'sandbox', 'io.kubernetes.pod.name': pod.name });
      expect(sb?.ports).toEqual([{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }]);
      expect(sb?.network?.ip.startsWith(ctd.subnet.slice(0, -4))).toBe(true);
      expect(sb?.netnsPath).toMatch(/^\/var\/run\/netns\/cni-/);

      const base = { pod, attempt: 0, sandboxId, image: DEMO, env: [{ name: 'GREETING', value: 'hi' }], sharePid: false, labels: {} };
      const web = await rt.containers.create({ ...base, name: 'web', command: ['sh', '-c'], args: ['echo started; exec httpd -f -p 80 -h /'] });
      await rt.containers.start(web);
      const st = await rt.containers.status(web);
      expect(st).toMatchObject({ state: 'running', command: ['sh', '-c'], args: ['echo started; exec httpd -f -p 80 -h /'], hostname: pod.name });
      expect(st?.name).toBe(`k8s_web_${pod.name}_default_${pod.uid}_0`);
      expect(st?.env).toContain('GREETING=hi');
      expect(st?.joined).toEqual({ network: sandboxId, pid: null });
      expect(readlinkSync(`/proc/${st!.pid}/ns/net`)).toBe(readlinkSync(`/proc/${sb!.pid}/ns/net`));

      const listed = await rt.containers.list({ labels: [`io.podlab.pod=${pod.name}`] });
      expect(listed.map((c) => c.labels['io.podlab.role']).sort()).toEqual(['app', 'sandbox']);
      expect(listed.find((c) => c.id === sandboxId)?.ports).toEqual(sb?.ports);
      expect(await rt.containers.list({ labels: ['io.podlab.nothing'] })).toEqual([]);

      const ex = await rt.exec(web, ['sh', '-c', 'echo $GREETING; echo oops >&2; exit 4']);
      expect(ex).toEqual({ exitCode: 4, stdout: 'hi\n', stderr: 'oops\n' });
      const logged = await until(async () => (await rt.logs.tail(web, 10)).find((l) => l.text === 'started'), 5000, 100, 'the log line');
      expect(logged.stream).toBe('stdout');

      // A container that fails: containerd's event service (1.6 has no GetContainerEvents) reports its death with the code.
      const bad = await rt.containers.create({ ...base, name: 'bad', command: ['sh', '-c', 'exit 3'], args: null });
      await rt.containers.start(bad);
      const died = await until(() => events.find((e) => e.id === bad && e.action === 'die'), 10_000, 100, 'the die event');
      expect(died.attributes).toMatchObject({ exitCode: '3', 'io.podlab.container': 'bad' });
      expect(events.some((e) => e.id === web && e.action === 'start')).toBe(true);
      expect(rt.eventMode).toBe('containerd-events');
      expect((await rt.containers.status(bad))?.exitCode).toBe(3);

      // What the CRI cannot do is refused with the reason, and changes nothing.
      await expect(rt.containers.restart(bad, 1)).rejects.toThrow(/CRI cannot restart a container/);
      await expect(rt.containers.start(bad)).rejects.toThrow(/CRI cannot start an exited container again: .*attempt \+ 1/);
      // Kill sandbox: the pause process dies; the app keeps running, stranded in the netns.
      await rt.sandboxes.kill(sandboxId);
      await until(async () => (await rt.sandboxes.status(sandboxId))?.state === 'exited', 10_000, 100, 'the sandbox to be not ready');
      expect((await rt.containers.status(web))?.state).toBe('running');
      await expect(rt.sandboxes.start(sandboxId)).rejects.toThrow(/SandboxChanged/);

      await rt.sandboxes.remove(sandboxId);
      expect(await rt.sandboxes.status(sandboxId)).toBeNull();
      expect(await rt.containers.status(web)).toBeNull();
      await until(() => events.some((e) => e.id === web && e.action === 'destroy'), 10_000, 100, 'the destroy event');
    } finally {
      sub.stop();
    }
  });
});
