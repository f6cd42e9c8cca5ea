// SandboxChanged with init containers on the real engine: the live kubelet logic kills the pod, makes a new sandbox and
// runs the init containers again in order (a native sidecar started among them and left running) before the app —
// as Kubernetes does — and a completed init container is never run again inside the same sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { connectEngine } from '../../electron/engine/docker';
import { Kubelet } from '../../electron/engine/kubelet/manager';
import { killSandbox } from '../../electron/engine/pods/lifecycle';
import { LABEL_POD } from '../../electron/engine/runtime/vocabulary';
import { docker, logs, until } from './helpers';
import { expectKilledBeforeNewSandbox, expectTimelineOrder, recordOrder } from './sandbox-order';
import { idOf, launchManifest, podOf, removeCreated } from './manifest-pods';

let conn: EngineConnection;
const created: string[] = [];
const kubelets: Kubelet[] = [];

beforeAll(async () => {
  conn = await connectEngine();
});

afterAll(async () => {
  for (const k of kubelets) k.stop();
  await removeCreated(conn, created);
});

const name = (base: string): string => `m3-${base}-${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;

interface State {
  attempt: number;
  started: number;
  finished: number;
  running: boolean;
}

/** Each container of the pod by its podlab name (newest attempt), from `docker inspect`. */
function containers(pod: string): Map<string, State> {
  const ids = docker(['ps', '-aq', '--filter', `label=${LABEL_POD}=${pod}`, '--filter', 'label=io.podlab.container']).split('\n').filter(Boolean);
  const out = new Map<string, State>();
  if (!ids.length) return out;
  const all = JSON.parse(docker(['inspect', ...ids])) as { Config: { Labels: Record<string, string> }; State: { StartedAt: string; FinishedAt: string; Running: boolean } }[];
  for (const c of all) {
    const attempt = Number(c.Config.Labels['io.podlab.attempt'] ?? 0);
    const key = c.Config.Labels['io.podlab.container']!;
    if ((out.get(key)?.attempt ?? -1) > attempt) continue;
    out.set(key, { attempt, started: Date.parse(c.State.StartedAt), finished: Date.parse(c.State.FinishedAt), running: c.State.Running });
  }
  return out;
}

describe('SandboxChanged re-runs the init phase', () => {
  it('runs the init containers again in order, the sidecar among them, then the app; nothing runs twice', async () => {
    const pod = name('sbinit');
    await launchManifest(
      conn,
      `apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  volumes: [{name: work, emptyDir: {}}]
  initContainers:
  - {name: one, image: DEMO, command: [sh, -c, "sleep 1; echo one >> /work/order"], volumeMounts: [{name: work, mountPath: /work}]}
  - {name: side, image: DEMO, restartPolicy: Always, command: [httpd, -f, -p, "8080", -h, /work], volumeMounts: [{name: work, mountPath: /work}]}
  - {name: two, image: DEMO, command: [sh, -c, "wget -qO- http://127.0.0.1:8080/ >/dev/null 2>&1; echo two >> /work/order"], volumeMounts: [{name: work, mountPath: /work}]}
  containers:
  - {name: app, image: DEMO, command: [sh, -c, "cat /work/order; sleep 300"], volumeMounts: [{name: work, mountPath: /work}]}
`,
      created,
    );
    await until(() => logs(idOf(pod, 'app')).includes('two'), 20_000, 150, 'the first app to start');
    const k = new Kubelet(conn.runtime, { only: (p) => p === pod, sandboxGraceMs: 300 });
    kubelets.push(k);
    await k.start();
    // With the pod running, a pass of the kubelet restarts nothing: the completed init containers stay completed.
    await new Promise((r) => setTimeout(r, 1500));
    expect([...containers(pod)].map(([n, s]) => [n, s.attempt])).toEqual(expect.arrayContaining([['one', 0], ['two', 0], ['side', 0], ['app', 0]]));

    const order = await recordOrder(conn.runtime, pod);
    await killSandbox(conn, pod);
    const after = await until(
      async () => {
        const m = await podOf(conn, pod);
        return m.sandbox?.attempt === 1 && m.phase === 'Running' && m.containers.find((c) => c.name === 'app')?.state === 'running' ? m : null;
      },
      30_000,
      250,
      'the pod to run again in a new sandbox',
    );
    // The kubelet kills the whole old pod (every container, init and sidecar too) before it makes the new sandbox.
    await expectKilledBeforeNewSandbox(order, ['one', 'side', 'two', 'app']).finally(() => order.stop());
    const cs = containers(pod);
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
    // The emptyDir is the pod's (it outlives the sandbox): the app reads both runs of the init containers.
    await until(() => logs(idOf(pod, 'app')).trim().split('\n').length >= 4, 10_000, 150, 'the new app to print the file');
    const appIds = docker(['ps', '-q', '--filter', `label=${LABEL_POD}=${pod}`, '--filter', 'label=io.podlab.container=app']).split('\n').filter(Boolean);
    expect(appIds).toHaveLength(1); // one running app container, not one per earlier attempt
    expect(logs(appIds[0]!).trim().split('\n')).toEqual(['one', 'two', 'one', 'two']);
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
    expectTimelineOrder(timeline, ['one', 'side', 'two', 'app']);
  }, 90_000);
});
