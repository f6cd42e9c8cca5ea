// The runtime interface against the real engine, through its Docker implementation: a sandbox and a joined app
// container made, started, read, logged, exec'd into, stopped and removed in the interface's own words. Another
// runtime (CRI) runs the same body against its own engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import type { ContainerEvent, LogLine, Runtime, RuntimeEvent } from '../../electron/engine/runtime/runtime';
import { RuntimeError } from '../../electron/engine/runtime/runtime';
import { cleanupPods, freePort, netnsOf, uniqueName, until } from './helpers';

const pause = process.env.PODLAB_PAUSE_IMAGE ?? 'podlab-test/pause:local';
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const name = uniqueName('h10r-rt');
const pod = { name, namespace: 'default', uid: `uid-${name}` };

let conn: EngineConnection;
let rt: Runtime;

beforeAll(async () => {
  conn = await connectEngine();
  rt = conn.runtime;
});

afterAll(() => cleanupPods([name]));

describe('the Docker runtime, in the runtime interface', () => {
  it('knows which images are present', async () => {
    expect(await rt.images.present(pause)).toBe(true);
    expect(await rt.images.present('podlab-test/no-such-image:h10r')).toBe(false);
  });

  it('runs a sandbox and a joined container; reads, logs, execs, lists, stops and removes them', async () => {
    const hostPort = await freePort();
    const events: RuntimeEvent[] = [];
    const sub = rt.events.subscribe({ type: 'container', pod: name });
    sub.on('event', (e) => events.push(e));
    expect(await sub.start()).toBe(true);
    try {
      const sandbox = await rt.sandboxes.run({ pod, attempt: 0, hostname: name, image: pause, ports: [{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }], labels: {} });
      await sandbox.started;
      const sb = await rt.sandboxes.status(sandbox.id);
      expect(sb).toMatchObject({ id: sandbox.id, state: 'running', hostname: name, startedAt: expect.any(String), finishedAt: null, labels: { 'io.podlab.pod': name, 'io.podlab.role': 'sandbox' } });
      expect(sb?.pid).toBeGreaterThan(0);
      expect(sb?.network?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(sb?.ports).toEqual([{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }]);

      const id = await rt.containers.create({
        pod,
        name: 'web',
        attempt: 0,
        sandboxId: sandbox.id,
        image: demo,
        command: ['sh', '-c', 'echo hello; echo oops >&2; exec httpd -f -p 80 -h /'],
        args: null,
        env: [{ name: 'GREETING', value: 'hi' }],
        sharePid: false,
        labels: {},
      });
      await rt.containers.start(id);
      const web = await rt.containers.status(id);
      expect(web).toMatchObject({ state: 'running', joined: { network: sandbox.id, pid: null }, labels: { 'io.podlab.container': 'web', 'io.podlab.attempt': '0' } });
      expect(web?.env).toContain('GREETING=hi');
      // One netns: the joined container's is the sandbox's.
      expect(netnsOf(web!.pid)).toBe(netnsOf(sb!.pid));

      const tail = await until(async () => {
        const lines = await rt.logs.tail(id, 10);
        return lines.length >= 2 ? lines : null;
      }, 10_000, 200, 'both log lines');
      expect(tail).toEqual(expect.arrayContaining<LogLine>([{ stream: 'stdout', text: 'hello' }, { stream: 'stderr', text: 'oops' }]));

      const followed: LogLine[] = [];
      const stop = await rt.logs.follow(id, (l) => followed.push(l));
      try {
        const r = await rt.exec(id, ['sh', '-c', 'echo out; echo err >&2; echo followed > /proc/1/fd/1; exit 3']);
        expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
        await until(() => followed.find((l) => l.text === 'followed'), 10_000, 100, 'the followed log line');
      } finally {
        stop();
      }

      const listed = await rt.containers.list({ labels: [`io.podlab.pod=${name}`] });
      expect(listed.map((c) => `${c.labels['io.podlab.role']}:${c.state}`).sort()).toEqual(['app:running', 'sandbox:running']);
      expect(listed.find((c) => c.id === sandbox.id)?.ports).toEqual(expect.arrayContaining([{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }]));

      await rt.containers.stop(id, 1);
      expect(await rt.containers.status(id)).toMatchObject({ state: 'exited', finishedAt: expect.any(String), pid: 0 });
      await rt.containers.stop(id, 1); // stopped already: quiet
      await rt.containers.remove(id);
      expect(await rt.containers.status(id)).toBeNull();
      await rt.containers.remove(id); // gone already: quiet

      await rt.sandboxes.kill(sandbox.id);
      expect(await rt.sandboxes.status(sandbox.id)).toMatchObject({ state: 'exited', exitCode: 137, network: null });
      await rt.sandboxes.remove(sandbox.id);
      expect(await rt.sandboxes.status(sandbox.id)).toBeNull();

      // The subscription saw the app's life in order, with podlab's labels on each event.
      const seen = await until(() => {
        const app = events.filter((e): e is ContainerEvent => e.type === 'container' && e.id === id).map((e) => e.action);
        return app.includes('destroy') ? app : null;
      }, 10_000, 100, 'the destroy event');
      expect(seen.filter((a) => ['create', 'start', 'die', 'destroy'].includes(a))).toEqual(['create', 'start', 'die', 'destroy']);
      expect(events.every((e) => e.attributes['io.podlab.pod'] === name && /^\d+$/.test(e.timeNano))).toBe(true);
      // The runtime remembers them too, for a one-shot model.
      const replayed = await rt.events.replay({ type: 'container', pod: name }, Date.now() / 1000 - 120, Date.now() / 1000);
      expect(replayed.filter((e) => e.id === id).map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'start', 'die', 'destroy']));
    } finally {
      sub.stop();
    }
  });

  it('says what it refused in its own words (not found) and names the bridges', async () => {
    const err = await rt.containers.start('h10r-no-such-container').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect(err).toMatchObject({ code: 'not-found' });
    expect(await rt.containers.status('h10r-no-such-container')).toBeNull();
    expect((await rt.bridges()).map((b) => b.bridge)).toContain('docker0');
  });
});
