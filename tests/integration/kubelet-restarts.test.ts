// The kubelet-like restart manager on the real engine: CrashLoopBackOff timing with short test intervals,
// restartPolicy Never/OnFailure, catching up after podlab was down, and SandboxChanged after a killed sandbox.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { Kubelet } from '../../electron/engine/kubelet/manager';
import { createServer } from 'node:net';
import { killSandbox, launchPod, removePods } from '../../electron/engine/pods/lifecycle';
import { LABEL_ATTEMPT, LABEL_POD, LABEL_ROLE } from '../../electron/engine/runtime/vocabulary';
import type { BackoffOptions } from '../../shared/conflicts/backoff';
import { expectKilledBeforeNewSandbox, expectTimelineOrder, recordOrder } from './sandbox-order';
import { cleanup, connect, DEMO, httpd, podName, podOf, podSpec, until } from './conflicts-helpers';

const BACKOFF: BackoffOptions = { baseMs: 300, maxMs: 1200, resetAfterMs: 600_000 };
let conn: EngineConnection;
const created: string[] = [];
const kubelets: Kubelet[] = [];

beforeAll(async () => {
  // The model computes nextRestartAt with the same (test-only) intervals as the kubelet below; the configuration is
  // read once when the engine connects, so the knobs are set before.
  process.env.PODLAB_BACKOFF_BASE_MS = String(BACKOFF.baseMs);
  process.env.PODLAB_BACKOFF_MAX_MS = String(BACKOFF.maxMs);
  conn = await connect();
});
afterAll(async () => {
  // Halted (not just stopped) before the pods go: a restart under way would otherwise create one more attempt.
  await Promise.all(kubelets.map((k) => k.halt()));
  await cleanup(conn, created);
  delete process.env.PODLAB_BACKOFF_BASE_MS;
  delete process.env.PODLAB_BACKOFF_MAX_MS;
});

function kubelet(pod: string | string[], extra: { sandboxGraceMs?: number } = {}): Kubelet {
  const mine = Array.isArray(pod) ? pod : [pod];
  const k = new Kubelet(conn.runtime, { backoff: BACKOFF, only: (p) => mine.includes(p), ...extra });
  kubelets.push(k);
  return k;
}

const crasher = (name = 'crash', code = 1): ReturnType<typeof httpd> => ({ name, image: DEMO, command: ['sh', '-c', `echo boom; exit ${code}`], ports: [] });

/** Records start/die event times (ms) per attempt of one pod's app containers, from the engine's event stream. */
async function recordAttempts(pod: string): Promise<{ starts: Map<number, number>; dies: Map<number, number>; stop: () => void }> {
  const starts = new Map<number, number>();
  const dies = new Map<number, number>();
  const stream = await conn.docker!.getEvents({ filters: { type: ['container'], label: [`${LABEL_POD}=${pod}`, `${LABEL_ROLE}=app`], event: ['start', 'die'] } });
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const ev = JSON.parse(line) as { Action: string; timeNano: number | string; Actor: { Attributes: Record<string, string> } };
      const attempt = Number(ev.Actor.Attributes[LABEL_ATTEMPT] ?? 0);
      // timeNano exceeds 2^53: take the milliseconds from its text.
      const ms = Number(String(line.match(/"timeNano":(\d+)/)?.[1] ?? '0').slice(0, -6));
      (ev.Action === 'start' ? starts : dies).set(attempt, ms);
    }
  });
  return { starts, dies, stop: () => (stream as unknown as { destroy: () => void }).destroy() };
}

describe('CrashLoopBackOff', () => {
  it('restarts a failing container as attempt+1 after 300, 600, 1200, 1200 ms, and the model shows it', async () => {
    const name = podName('backoff');
    created.push(name);
    const rec = await recordAttempts(name);
    await launchPod(conn, podSpec(name, [crasher()]), {});
    const k = kubelet(name);
    await k.start();
    await until('attempt 4 to die', async () => rec.dies.has(4), 20_000, 50).catch((e: unknown) => {
      throw new Error(`${String(e)}; starts ${JSON.stringify([...rec.starts])} dies ${JSON.stringify([...rec.dies])}`);
    });
    k.stop();
    rec.stop();
    const expected = [300, 600, 1200, 1200];
    for (let n = 0; n < 4; n++) {
      const delay = rec.starts.get(n + 1)! - rec.dies.get(n)!;
      expect(delay, `delay before attempt ${n + 1}`).toBeGreaterThanOrEqual(expected[n]! - 50);
      expect(delay, `delay before attempt ${n + 1}`).toBeLessThan(expected[n]! + 1500);
    }
    const pod = await podOf(conn, name);
    const c = pod.containers[0]!;
    expect(pod.containers).toHaveLength(1); // the old attempts are gone, as the kubelet removes them
    expect(c).toMatchObject({ state: 'exited', exitCode: 1, restartCount: 4, reason: 'CrashLoopBackOff' });
    expect(Date.parse(c.nextRestartAt!) - Date.parse(c.finishedAt!)).toBe(1200);

    // podlab was "down" (no kubelet) past the back-off: a new kubelet catches up at once, from the labels alone.
    await new Promise((r) => setTimeout(r, 1300));
    const rec2 = await recordAttempts(name);
    await kubelet(name).start();
    await until('attempt 5 to start after catching up', async () => rec2.starts.has(5), 5_000, 50);
    rec2.stop();
  });

  it('restartPolicy Never leaves the container terminated', async () => {
    const name = podName('never');
    created.push(name);
    await launchPod(conn, podSpec(name, [crasher()], 'Never'), { wait: true, waitMs: 500 });
    const before = await podOf(conn, name);
    await kubelet(name).start();
    await new Promise((r) => setTimeout(r, 1500)); // five times the back-off base
    const pod = await podOf(conn, name);
    const c = pod.containers[0]!;
    expect(c.id).toBe(before.containers[0]!.id);
    expect(c).toMatchObject({ state: 'exited', exitCode: 1, restartCount: 0, reason: 'Error' });
    expect(c.nextRestartAt ?? null).toBeNull();
    expect(pod.phase).toBe('Failed');
  });

  it('restartPolicy OnFailure does not restart a container that exited 0', async () => {
    const name = podName('onfail');
    created.push(name);
    await launchPod(conn, podSpec(name, [crasher('done', 0)], 'OnFailure'), { wait: true, waitMs: 500 });
    const before = await podOf(conn, name);
    await kubelet(name).start();
    await new Promise((r) => setTimeout(r, 1200));
    const pod = await podOf(conn, name);
    expect(pod.containers[0]).toMatchObject({ id: before.containers[0]!.id, state: 'exited', exitCode: 0, restartCount: 0, reason: 'Completed' });
    expect(pod.phase).toBe('Succeeded');
  });
});

describe('SandboxChanged', () => {
  it('a killed sandbox leaves the app with only lo; with Always the pod is recreated with a new sandbox and netns', async () => {
    const name = podName('sbkill');
    created.push(name);
    await launchPod(conn, podSpec(name, [httpd('web', '80', 80)]), { wait: true, waitMs: 1000 });
    const before = await podOf(conn, name);
    expect(before.sandbox?.attempt).toBe(0);
    expect(before.namespaces.net).toMatch(/^net:\[\d+\]$/);
    await killSandbox(conn, name);

    const stranded = await podOf(conn, name);
    expect(stranded.sandbox?.state).toBe('exited');
    expect(stranded.ip).toBeNull();
    const web = stranded.containers[0]!;
    expect(web.state).toBe('running');
    expect(web.message).toContain('only lo is left');
    const dev = readFileSync(`/proc/${web.pid}/net/dev`, 'utf8');
    const ifaces = dev.split('\n').slice(2).filter(Boolean).map((l) => l.split(':')[0]!.trim());
    expect(ifaces).toEqual(['lo']);

    const order = await recordOrder(conn.runtime, name);
    await kubelet(name, { sandboxGraceMs: 300 }).start();
    const after = await until(
      'the recreated pod',
      async () => {
        const p = await podOf(conn, name);
        return p.sandbox?.attempt === 1 && p.sandbox.state === 'running' && p.containers.length === 1 && p.containers[0]?.state === 'running' && p.containers[0].restartCount === 1 && p.namespaces.net ? p : null;
      },
      20_000,
      200,
    );
    // The old netns died with its last process, so the kernel may hand its inode to the new one: identity is inode + sandbox id.
    expect(after.netnsKey).toBeTruthy();
    expect(after.netnsKey).not.toBe(before.netnsKey);
    expect(after.sandbox!.id).not.toBe(before.sandbox!.id);
    expect(after.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(after.containers[0]!.restartCount).toBe(1);
    expect(after.containers[0]!.namespaces.net).toBe(after.namespaces.net);
    // The kubelet's order: the old pod is killed (web attempt 0 removed) before the new sandbox is created.
    await expectKilledBeforeNewSandbox(order, ['web']).finally(() => order.stop());
    // Events are replayed by the engine up to the current second: poll briefly until the new one is included.
    const timeline = await until(
      'the SandboxChanged event',
      async () => {
        const events = (await podOf(conn, name)).events ?? [];
        return events.some((e) => e.reason === 'SandboxChanged' && e.message === 'Pod sandbox changed, it will be killed and re-created.') ? events : null;
      },
      5_000,
      300,
    );
    expectTimelineOrder(timeline, ['web']);
    const left = await conn.docker!.listContainers({ all: true, filters: { label: [`${LABEL_POD}=${name}`] } });
    expect(left).toHaveLength(2); // the new sandbox and the new web; the old ones were removed
  });
});

describe('Pending on a hostPort', () => {
  it('starts the pod (sandbox and app containers) once the other pod frees the hostPort', async () => {
    const srv = createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    const spec = (name: string): ReturnType<typeof podSpec> => {
      const c = httpd('web', '80', 80);
      c.ports = [{ containerPort: 80, protocol: 'tcp', hostPort: port, hostIP: '127.0.0.1' }];
      return podSpec(name, [c]);
    };
    const first = podName('hold');
    const second = podName('wait');
    created.push(first, second);
    await launchPod(conn, spec(first), { wait: true, waitMs: 500 });
    await launchPod(conn, spec(second), {});
    await kubelet([first, second]).start();
    await new Promise((r) => setTimeout(r, 1000)); // several retries while the port is still taken
    expect((await podOf(conn, second)).phase).toBe('Pending');
    await removePods(conn, [first]);
    const running = await until(
      'the second pod to run',
      async () => {
        const p = await podOf(conn, second);
        return p.phase === 'Running' && p.containers[0]?.state === 'running' ? p : null;
      },
      15_000,
      200,
    );
    expect(running.conflicts).toEqual([]);
    expect(running.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }]);
  });
});
