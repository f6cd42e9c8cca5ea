// Port conflicts inside one pod, on the real engine: the holder comes from the kernel's socket table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { addContainer, launchPod } from '../../electron/engine/pods/lifecycle';
import { cleanup, connect, DEMO, httpd, podName, podOf, podSpec } from './conflicts-helpers';

let conn: EngineConnection;
const created: string[] = [];

beforeAll(async () => {
  conn = await connect();
});
afterAll(async () => {
  await cleanup(conn, created);
});

async function launch(base: string, spec: ReturnType<typeof podSpec>['containers'], policy: 'Always' | 'Never' = 'Always'): Promise<string> {
  const name = podName(base);
  created.push(name);
  await launchPod(conn, podSpec(name, spec, policy), { wait: true, waitMs: 2500 });
  return name;
}

async function pidOf(name: string, container: string): Promise<number> {
  const pod = await podOf(conn, name);
  const id = pod.containers.find((c) => c.name === container)!.id;
  return (await conn.docker!.getContainer(id).inspect()).State.Pid;
}

describe('pod-port conflicts', () => {
  it('two containers on 80/tcp: the victim exits 1 and the conflict names holder container, process, pid and netns', async () => {
    const name = await launch('two80', [httpd('web', '80', 80), httpd('web-2', '80', 80, 1)]);
    const pod = await podOf(conn, name);
    const web2 = pod.containers.find((c) => c.name === 'web-2')!;
    expect(web2.state).toBe('exited');
    expect(web2.exitCode).toBe(1);
    expect(pod.conflicts).toHaveLength(1);
    const c = pod.conflicts[0]!;
    expect(c).toMatchObject({ kind: 'pod-port', port: 80, protocol: 'tcp', victim: { pod: name, container: 'web-2' } });
    expect(c.holder).toMatchObject({ container: 'web', process: 'httpd', pid: await pidOf(name, 'web') });
    expect(c.netns).toMatch(/^net:\[\d+\]$/);
    expect(c.netns).toBe(pod.namespaces.net);
    expect(c.message).toContain(`web-2 exited (1): port 80/tcp is already in use in this pod's network namespace ${pod.namespaces.net}`);
    expect(c.message).toContain('held by container web (httpd, pid');
    expect(c.message).toContain('CrashLoopBackOff; the API server would have warned: duplicate port definition');
    expect(web2.reason).toBe('CrashLoopBackOff');
    expect(web2.message).toBe(c.message);
  });

  it('finds the holder even when it never declared the port', async () => {
    const name = await launch('undeclared', [httpd('web', '80', null), httpd('web-2', '80', 80, 1)]);
    const pod = await podOf(conn, name);
    expect(pod.conflicts).toHaveLength(1);
    expect(pod.conflicts[0]!.holder).toMatchObject({ container: 'web', process: 'httpd' });
    expect(pod.conflicts[0]!.message).not.toContain('duplicate port definition');
  });

  it('127.0.0.1:8080 held and 0.0.0.0:8080 requested is a conflict', async () => {
    const name = await launch('loopback', [httpd('admin', '127.0.0.1:8080', null), httpd('public', '8080', 8080, 1)]);
    const pod = await podOf(conn, name);
    expect(pod.containers.find((c) => c.name === 'public')!.exitCode).toBe(1);
    expect(pod.conflicts).toHaveLength(1);
    expect(pod.conflicts[0]).toMatchObject({ port: 8080, protocol: 'tcp', holder: { container: 'admin', process: 'httpd' }, victim: { container: 'public' } });
    expect(pod.conflicts[0]!.message).toContain('on 127.0.0.1');
  });

  it('two UDP listeners on one port conflict, with protocol udp', async () => {
    const udp = (n: string, delay: number): ReturnType<typeof httpd> => ({
      name: n,
      image: DEMO,
      command: ['sh', '-c', `sleep ${delay}; exec /bin/udp-listen 5353`],
      ports: [{ containerPort: 5353, protocol: 'udp' }],
    });
    const name = await launch('udp', [udp('dns', 0), udp('dns-2', 1)]);
    const pod = await podOf(conn, name);
    expect(pod.conflicts).toHaveLength(1);
    expect(pod.conflicts[0]).toMatchObject({ port: 5353, protocol: 'udp', holder: { container: 'dns', process: 'udp-listen' }, victim: { container: 'dns-2' } });
  });

  it('a container added later to a running pod conflicts with the one already there', async () => {
    const name = await launch('late', [httpd('web', '80', 80)]);
    expect((await podOf(conn, name)).conflicts).toEqual([]);
    await addContainer(conn, name, httpd('late', '80', 80), { wait: true, waitMs: 1500 });
    const pod = await podOf(conn, name);
    const late = pod.containers.find((c) => c.name === 'late')!;
    expect(late.exitCode).toBe(1);
    expect(pod.conflicts).toHaveLength(1);
    expect(pod.conflicts[0]).toMatchObject({ kind: 'pod-port', port: 80, holder: { container: 'web', process: 'httpd' }, victim: { container: 'late' } });
  });

  it('a victim whose log says nothing is explained from its declared port, saying how sure podlab is', async () => {
    const quiet = { ...httpd('quiet', '80', 80), command: ['sh', '-c', 'sleep 1; httpd -f -p 80 -h /www 2>/dev/null'] };
    const name = await launch('quiet', [httpd('web', '80', null), quiet], 'Never');
    const pod = await podOf(conn, name);
    const q = pod.containers.find((c) => c.name === 'quiet')!;
    expect(q.exitCode).toBe(1);
    expect(pod.conflicts).toHaveLength(1);
    expect(pod.conflicts[0]).toMatchObject({ port: 80, protocol: 'tcp', holder: { container: 'web' }, victim: { container: 'quiet' } });
    expect(pod.conflicts[0]!.message).toContain('most likely');
    expect(pod.conflicts[0]!.message).toContain('restartPolicy is Never');
    expect(q.reason).toBe('Error');
  });
});

describe('pods that should run report no conflict', () => {
  it('the same port on tcp and udp', async () => {
    const udp = { name: 'dns', image: DEMO, command: ['/bin/udp-listen', '80'], ports: [{ containerPort: 80, protocol: 'udp' as const }] };
    const name = await launch('tcpudp', [httpd('web', '80', 80), udp]);
    const pod = await podOf(conn, name);
    expect(pod.containers.map((c) => c.state)).toEqual(['running', 'running']);
    expect(pod.listening.filter((s) => s.port === 80).map((s) => s.protocol.replace('6', '')).sort()).toEqual(['tcp', 'udp']);
    expect(pod.conflicts).toEqual([]);
  });

  it('three servers on distinct ports', async () => {
    const name = await launch('multi', [httpd('a', '80', 80), httpd('b', '81', 81), httpd('c', '82', 82)]);
    const pod = await podOf(conn, name);
    expect(pod.containers.every((c) => c.state === 'running')).toBe(true);
    expect(pod.conflicts).toEqual([]);
    expect(pod.containers.every((c) => c.reason == null)).toBe(true);
  });

  it('a container killed from outside is not blamed on the port it declares', async () => {
    const idle = { name: 'idle', image: DEMO, command: ['sleep', '3600'], ports: [{ containerPort: 80, protocol: 'tcp' as const }] };
    const name = await launch('killed', [httpd('web', '80', 80), idle]);
    const id = (await podOf(conn, name)).containers.find((c) => c.name === 'idle')!.id;
    await conn.docker!.getContainer(id).kill({ signal: 'SIGKILL' });
    await conn.docker!.getContainer(id).wait();
    const pod = await podOf(conn, name);
    expect(pod.containers.find((c) => c.name === 'idle')).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(pod.conflicts).toEqual([]);
  });
});
