// Host-port conflicts on the real engine: a host process and another podlab pod holding the hostPort.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { launchPod } from '../../electron/engine/pods/lifecycle';
import { cleanup, connect, httpd, podName, podOf, podSpec } from './conflicts-helpers';
import { freePort } from './helpers';

const PAUSE = process.env.PODLAB_PAUSE_IMAGE ?? 'podlab-test/pause:local';

let conn: EngineConnection;
const created: string[] = [];
const servers: Server[] = [];
const plainContainers: string[] = [];

beforeAll(async () => {
  conn = await connect();
});
afterAll(async () => {
  await cleanup(conn, created);
  await Promise.all(plainContainers.map((id) => conn.docker!.getContainer(id).remove({ force: true }).catch(() => undefined)));
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server of this test process on 127.0.0.1 (a free port chosen by the kernel). */
async function hostServer(): Promise<number> {
  const s = createServer();
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const a = s.address();
  if (!a || typeof a === 'string') throw new Error('no address');
  return a.port;
}

function withHostPort(name: string, hostPort: number): ReturnType<typeof podSpec> {
  const c = httpd('web', '80', 80);
  c.ports = [{ containerPort: 80, protocol: 'tcp', hostPort, hostIP: '127.0.0.1' }];
  return podSpec(name, [c]);
}

describe('host-port conflicts', () => {
  it('a host process holding 127.0.0.1:P keeps a pod with hostPort P Pending, naming the process and pid', async () => {
    const port = await hostServer();
    const name = podName('hostproc');
    created.push(name);
    await launchPod(conn, withHostPort(name, port), { wait: true, waitMs: 500 });
    const pod = await podOf(conn, name);
    expect(pod.sandbox?.state).toBe('created');
    expect(pod.phase).toBe('Pending');
    expect(pod.reason).toContain(`hostPort ${port}/tcp`);
    expect(pod.conflicts).toHaveLength(1);
    const c = pod.conflicts[0]!;
    expect(c).toMatchObject({ kind: 'host-port', port, protocol: 'tcp', hostIp: '127.0.0.1', victim: { pod: name } });
    expect(c.holder).toMatchObject({ kind: 'host', pid: process.pid });
    expect(c.holder.process).toBeTruthy();
    expect(c.message).toContain(`hostPort ${port}/tcp on 127.0.0.1 is already taken on this host — held by the host process`);
    expect(c.message).toContain(`(pid ${process.pid})`);
    expect(c.message).toContain("In Kubernetes the pod would stay Pending: node(s) didn't have free ports for the requested pod ports.");
  });

  it('two podlab pods asking for the same hostPort: the second stays Pending, naming the first pod', async () => {
    const port = await freePort();
    const first = podName('hp-a');
    const second = podName('hp-b');
    created.push(first, second);
    await launchPod(conn, withHostPort(first, port), { wait: true, waitMs: 1000 });
    await launchPod(conn, withHostPort(second, port), { wait: true, waitMs: 500 });
    const a = await podOf(conn, first);
    expect(a.phase).toBe('Running');
    expect(a.conflicts).toEqual([]);
    const b = await podOf(conn, second);
    expect(b.phase).toBe('Pending');
    expect(b.conflicts).toHaveLength(1);
    expect(b.conflicts[0]).toMatchObject({ kind: 'host-port', port, protocol: 'tcp', holder: { pod: first, kind: 'container' }, victim: { pod: second } });
    expect(b.conflicts[0]!.message).toBe(
      `Pod ${second} cannot start: hostPort ${port}/tcp on 127.0.0.1 is already taken on this host — held by pod ${first} (its sandbox publishes it). ` +
        "In Kubernetes the pod would stay Pending: node(s) didn't have free ports for the requested pod ports.",
    );
  });

  it('a container that is not a podlab pod holding the hostPort is named as such', async () => {
    const port = await freePort();
    const plain = await conn.docker!.createContainer({
      name: `h3-plain-${process.pid}-${port}`,
      Image: PAUSE,
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    plainContainers.push(plain.id);
    await plain.start();
    const name = podName('hp-plain');
    created.push(name);
    await launchPod(conn, withHostPort(name, port), { wait: true, waitMs: 500 });
    const pod = await podOf(conn, name);
    expect(pod.phase).toBe('Pending');
    expect(pod.conflicts).toHaveLength(1);
    expect(pod.conflicts[0]!.holder).toMatchObject({ pod: null, container: `h3-plain-${process.pid}-${port}`, kind: 'container' });
    expect(pod.conflicts[0]!.message).toContain(`held by container h3-plain-${process.pid}-${port}, which is not a podlab pod`);
  });
});
