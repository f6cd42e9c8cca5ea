// SandboxChanged with init containers on the real engines (backends.ts: the shared Docker engine and a private
// containerd through the CRI): the live kubelet logic kills the pod, makes a new sandbox and runs the init containers
// again in order (a native sidecar started among them and left running) before the app — as Kubernetes does — and a
// completed init container is never run again inside the same sandbox.
import { describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { Kubelet } from '../../electron/engine/kubelet/manager';
import { killSandbox } from '../../electron/engine/pods/lifecycle';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_POD } from '../../electron/engine/runtime/vocabulary';
import { availableBackends } from './backends';
import { until } from './helpers';
import { expectKilledBeforeNewSandbox, expectTimelineOrder, recordOrder } from './sandbox-order';
import { launchManifest, podOf, onBackend } from './manifest-pods';

interface State {
  id: string;
  attempt: number;
  started: number;
  finished: number;
  running: boolean;
}

/** The pod's emptyDir where the runtime makes pod volumes (Docker, Podman; not the CRI runtime), else none. */
const WORK = { volumes: '  volumes: [{name: work, emptyDir: {}}]\n', mount: ', volumeMounts: [{name: work, mountPath: /work}]' };

function manifest(pod: string, work: boolean): string {
  const m = work ? WORK.mount : '';
  return `apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
${work ? WORK.volumes : ''}  initContainers:
  - {name: one, image: DEMO, command: [sh, -c, "sleep 1; mkdir -p /work; echo one >> /work/order"]${m}}
  - {name: side, image: DEMO, restartPolicy: Always, command: [sh, -c, "mkdir -p /work; exec httpd -f -p 8080 -h /work"]${m}}
  - {name: two, image: DEMO, command: [sh, -c, "mkdir -p /work; wget -qO- http://127.0.0.1:8080/ >/dev/null 2>&1; echo two >> /work/order"]${m}}
  containers:
  - {name: app, image: DEMO, command: [sh, -c, "cat /work/order; sleep 300"]${m}}
`;
}

/** The backends this body runs on: every one (Docker, the private Podman, the private containerd). */
const ENGINES = new Set(['docker', 'podman', 'containerd']);

describe.each(availableBackends().filter((b) => ENGINES.has(b.name)))('SandboxChanged re-runs the init phase on $name', (backend) => {
  let conn: EngineConnection;
  const created: string[] = [];
  const kubelets: Kubelet[] = [];

  onBackend(backend, {
    created,
    kubelets,
    started: (_eng, c) => {
      conn = c;
    },
  });

  /** Each container of the pod by its podlab name (newest attempt), from the runtime's status. */
  async function containers(pod: string): Promise<Map<string, State>> {
    const list = (await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${pod}`] })).filter((c) => c.labels[LABEL_CONTAINER] !== undefined);
    const out = new Map<string, State>();
    for (const c of list) {
      const s = await conn.runtime.containers.status(c.id);
      if (!s) continue;
      const attempt = Number(s.labels[LABEL_ATTEMPT] ?? 0);
      const key = s.labels[LABEL_CONTAINER]!;
      if ((out.get(key)?.attempt ?? -1) > attempt) continue;
      out.set(key, { id: s.id, attempt, started: Date.parse(s.startedAt ?? ''), finished: Date.parse(s.finishedAt ?? ''), running: s.state === 'running' });
    }
    return out;
  }

  const logText = async (id: string): Promise<string> => (await conn.runtime.logs.tail(id, 50)).map((l) => l.text).join('\n');

  it('runs the init containers again in order, the sidecar among them, then the app; nothing runs twice', async () => {
    const pod = `m3-sbinit-${backend.name.slice(0, 3)}-${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;
    const work = conn.runtime.volumes !== undefined;
    await launchManifest(conn, manifest(pod, work), created);
    // Without an emptyDir (CRI) each container has its own /work: the app then prints nothing, but it runs.
    await until(async () => {
      const app = (await containers(pod)).get('app');
      return app?.running && (!work || (await logText(app.id)).includes('two'));
    }, 30_000, 200, 'the first app to start');
    const k = new Kubelet(conn.runtime, { only: (p) => p === pod, sandboxGraceMs: 300 });
    kubelets.push(k);
    await k.start();
    // With the pod running, a pass of the kubelet restarts nothing: the completed init containers stay completed.
    await new Promise((r) => setTimeout(r, 1500));
    expect([...(await containers(pod))].map(([n, s]) => [n, s.attempt])).toEqual(expect.arrayContaining([['one', 0], ['two', 0], ['side', 0], ['app', 0]]));

    const order = await recordOrder(conn.runtime, pod);
    await killSandbox(conn, pod);
    const after = await until(
      async () => {
        const m = await podOf(conn, pod);
        return m.sandbox?.attempt === 1 && m.phase === 'Running' && m.containers.find((c) => c.name === 'app')?.state === 'running' ? m : null;
      },
      45_000,
      250,
      'the pod to run again in a new sandbox',
    ).catch(async (e: unknown) => {
      // Say where the pod got stuck: its sandbox and each container's state.
      const m = await podOf(conn, pod).catch(() => null);
      const where = m && { phase: m.phase, sandbox: [m.sandbox?.attempt, m.sandbox?.state], init: m.initContainers?.map((c) => [c.name, c.state, c.exitCode, c.restartCount, c.message]), apps: m.containers.map((c) => [c.name, c.state, c.exitCode, c.restartCount, c.message]) };
      throw new Error(`${String(e)}; ${JSON.stringify(where)}; ${JSON.stringify([...(await containers(pod))])}`);
    });
    // The kubelet kills the whole old pod (every container, init and sidecar too) before it makes the new sandbox.
    // Docker's event stream says in which order; a CRI runtime without GetContainerEvents (containerd 1.6) reports
    // through a 1 s relist, whose one diff cannot order a removal and a creation within the same second.
    if (backend.name === 'docker') await expectKilledBeforeNewSandbox(order, ['one', 'side', 'two', 'app']).finally(() => order.stop());
    else order.stop();
    const cs = await containers(pod);
    for (const n of ['one', 'side', 'two', 'app']) expect(cs.get(n)?.attempt, n).toBe(1);
    const one = cs.get('one')!;
    const side = cs.get('side')!;
    const two = cs.get('two')!;
    const app = cs.get('app')!;
    // The kubelet's order: one to completion, then the sidecar started, then two to completion, then the app.
    expect(side.started).toBeGreaterThanOrEqual(one.finished);
    expect(two.started).toBeGreaterThanOrEqual(side.started);
    expect(app.started).toBeGreaterThanOrEqual(two.finished);
    expect(side.running).toBe(true);
    const apps = (await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${pod}`, `${LABEL_CONTAINER}=app`], running: true })).map((c) => c.id);
    expect(apps).toEqual([app.id]); // one running app container, not one per earlier attempt
    if (work) {
      // The emptyDir is the pod's (it outlives the sandbox): the app reads both runs of the init containers.
      await until(async () => (await logText(app.id)).trim().split('\n').length >= 4, 10_000, 150, 'the new app to print the file');
      expect((await logText(app.id)).trim().split('\n')).toEqual(['one', 'two', 'one', 'two']);
    }
    expect(after.initContainers?.map((c) => [c.name, c.state, c.exitCode])).toEqual([
      ['one', 'exited', 0],
      ['two', 'exited', 0],
    ]);
    const timeline = await until(
      async () => {
        const events = (await podOf(conn, pod)).events ?? [];
        return events.some((e) => e.reason === 'SandboxChanged') ? events : null;
      },
      5_000,
      300,
      'the SandboxChanged event',
    );
    if (backend.name === 'docker') expectTimelineOrder(timeline, ['one', 'side', 'two', 'app']);
  }, 150_000);
});
