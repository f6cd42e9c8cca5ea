// Real manifests on the real engine (issue 16): init containers in order, a native sidecar restarted after a kill
// while the app runs on, an emptyDir written by an init container and read over localhost through the sidecar,
// status.podIP in env, liveness restarts, readiness, memory limits and OOMKilled, Init:Error, two namespaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { connectEngine } from '../../electron/engine/docker';
import { Kubelet } from '../../electron/engine/kubelet/manager';
import type { PodModel } from '../../shared/model';
import { docker, logs, until } from './helpers';
import { idOf, launchManifest, podOf as podOfIn, removeCreated } from './manifest-pods';

let conn: EngineConnection;
const created: string[] = [];
const kubelets: Kubelet[] = [];

beforeAll(async () => {
  conn = await connectEngine();
  process.env.PODLAB_BACKOFF_BASE_MS = '300';
  process.env.PODLAB_BACKOFF_MAX_MS = '1200';
});

afterAll(async () => {
  // Halted (not just stopped) before the pods go: a restart under way would otherwise create one more attempt.
  await Promise.all(kubelets.map((k) => k.halt()));
  await removeCreated(conn, created);
  delete process.env.PODLAB_BACKOFF_BASE_MS;
  delete process.env.PODLAB_BACKOFF_MAX_MS;
});

const name = (base: string): string => `h16-${base}-${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;

const launch = (text: string, key?: string): Promise<string> => launchManifest(conn, text, created, key);

/** Launches a Pod named `h16-<base>-…` whose spec is `spec` (the lines under `spec:`), after `before` (ConfigMaps,
 * Secrets, each ending in `---`); the pod's key (its name: the default namespace). */
const launchPod = (base: string, spec: string, before = ''): Promise<string> =>
  launch(`${before}apiVersion: v1\nkind: Pod\nmetadata: {name: ${name(base)}}\nspec:\n${spec}`);
const podOf = (key: string): Promise<PodModel> => podOfIn(conn, key);

describe('init containers and native sidecars', () => {
  it('runs init containers one by one to completion, then the app; the model shows them Completed', async () => {
    const pod = await launchPod('init', `  volumes: [{name: work, emptyDir: {}}]
  initContainers:
  - {name: one, image: DEMO, command: [sh, -c, "sleep 1; echo one >> /work/order"], volumeMounts: [{name: work, mountPath: /work}]}
  - {name: two, image: DEMO, command: [sh, -c, "echo two >> /work/order"], volumeMounts: [{name: work, mountPath: /work}]}
  containers:
  - {name: app, image: DEMO, command: [sh, -c, "cat /work/order; sleep 300"], volumeMounts: [{name: work, mountPath: /work}]}
`);
    await until(() => logs(idOf(pod, 'app')).includes('two'), 20_000, 150, 'the app to print the file');
    expect(logs(idOf(pod, 'app')).trim().split('\n')).toEqual(['one', 'two']);
    const finished = (c: string): number => Date.parse(JSON.parse(docker(['inspect', idOf(pod, c)]))[0].State.FinishedAt);
    const started = (c: string): number => Date.parse(JSON.parse(docker(['inspect', idOf(pod, c)]))[0].State.StartedAt);
    expect(started('two')).toBeGreaterThanOrEqual(finished('one'));
    expect(started('app')).toBeGreaterThanOrEqual(finished('two'));
    const model = await podOf(pod);
    expect(model.phase).toBe('Running');
    expect(model.initContainers?.map((c) => [c.name, c.state, c.exitCode, c.reason])).toEqual([
      ['one', 'exited', 0, 'Completed'],
      ['two', 'exited', 0, 'Completed'],
    ]);
  }, 60_000);

  it('serves an emptyDir written by an init container over localhost through a native sidecar, and restarts the sidecar after a kill while the app runs on', async () => {
    const pod = await launchPod('sidecar', `  volumes: [{name: content, emptyDir: {}}]
  initContainers:
  - {name: writer, image: DEMO, command: [sh, -c, "echo hello-from-init > /content/index.html"], volumeMounts: [{name: content, mountPath: /content}]}
  - name: web
    image: DEMO
    restartPolicy: Always
    command: [httpd, -f, -p, "8080", -h, /content]
    volumeMounts: [{name: content, mountPath: /content, readOnly: true}]
  containers:
  - {name: app, image: DEMO, command: [sh, -c, "while true; do wget -qO- http://127.0.0.1:8080/index.html; sleep 1; done"]}
`);
    const app = idOf(pod, 'app');
    await until(() => logs(app).includes('hello-from-init'), 20_000, 150, 'the app to read the page through the sidecar');
    const model = await podOf(pod);
    expect(model.containers.map((c) => [c.name, c.sidecar ?? false])).toEqual([
      ['web', true],
      ['app', false],
    ]);
    expect(model.containers.find((c) => c.name === 'web')?.mounts).toEqual([{ volume: 'content', path: '/content', readOnly: true }]);
    expect(model.volumes).toEqual([{ name: 'content', type: 'emptyDir' }]);

    const k = new Kubelet(conn.runtime, { backoff: { baseMs: 300, maxMs: 1200, resetAfterMs: 600_000 }, only: (p) => p === pod });
    kubelets.push(k);
    await k.start();
    const before = idOf(pod, 'web');
    docker(['kill', before]);
    await until(async () => {
      const m = await podOf(pod);
      const web = m.containers.find((c) => c.name === 'web');
      return web?.state === 'running' && web.id !== before && web.restartCount >= 1;
    }, 20_000, 200, 'the sidecar to be restarted');
    k.stop();
    // The app never stopped: same container, still running, and it reads the page again through the new sidecar.
    expect(idOf(pod, 'app')).toBe(app);
    expect(JSON.parse(docker(['inspect', app]))[0].State.Running).toBe(true);
    const seen = logs(app).split('hello-from-init').length;
    await until(() => logs(app).split('hello-from-init').length > seen, 10_000, 200, 'a page through the restarted sidecar');
  }, 90_000);

  it('fails the pod (Init:Error) when an init container fails with restartPolicy Never, and creates no app container', async () => {
    const pod = await launchPod('initerr', `  restartPolicy: Never
  initContainers: [{name: check, image: DEMO, command: [sh, -c, "exit 3"]}]
  containers: [{name: app, image: DEMO, command: [sleep, "300"]}]
`);
    const model = await podOf(pod);
    expect([model.phase, model.reason]).toEqual(['Failed', 'Init:Error']);
    expect(model.containers).toEqual([]);
    expect(model.initContainers?.[0].exitCode).toBe(3);
  }, 60_000);
});

describe('the environment, resources and namespaces', () => {
  it("puts the pod's IP (status.podIP) and ConfigMap/Secret values in the env, and limits.memory is the container's memory limit", async () => {
    const pod = await launchPod('env', `  containers:
  - name: app
    image: DEMO
    command: [sh, -c, "echo ip=$MY_IP g=$(G) p=$P; sleep 300"]
    env:
    - {name: MY_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: G, valueFrom: {configMapKeyRef: {name: cfg, key: greeting}}}
    - {name: P, valueFrom: {secretKeyRef: {name: sec, key: password}}}
    resources: {limits: {memory: 64Mi, cpu: 250m}, requests: {cpu: 100m}}
`, `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {greeting: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {password: hunter2}
---
`);
    const model = await podOf(pod);
    expect(model.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await until(() => logs(idOf(pod, 'app')).includes('ip='), 10_000, 150, 'the app to print its env');
    expect(logs(idOf(pod, 'app')).trim()).toBe(`ip=${model.ip} g=hello p=hunter2`);
    const host = JSON.parse(docker(['inspect', idOf(pod, 'app')]))[0].HostConfig;
    expect([host.Memory, host.CpuQuota, host.CpuPeriod, host.CpuShares]).toEqual([64 * 1024 * 1024, 25_000, 100_000, 102]);
    expect(model.containers[0].resources).toEqual({ limits: { memory: '64Mi', cpu: '250m' }, requests: { cpu: '100m' } });
  }, 60_000);

  it('reports OOMKilled when a container goes over its memory limit', async () => {
    const pod = await launchPod('oom', `  restartPolicy: Never
  containers:
  - {name: hog, image: DEMO, command: [sh, -c, "x=$(head -c 67108864 /dev/zero | tr '\\\\0' a); sleep 300"], resources: {limits: {memory: 16Mi}}}
`);
    await until(async () => (await podOf(pod)).containers[0]?.state === 'exited', 30_000, 300, 'the hog to be killed');
    const c = (await podOf(pod)).containers[0];
    expect([c.reason, c.exitCode]).toEqual(['OOMKilled', 137]);
  }, 60_000);

  it('runs two pods of one name in two namespaces side by side', async () => {
    const pod = name('same');
    const text = (ns: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}, namespace: ${ns}}\nspec:\n  containers: [{name: app, image: DEMO, command: [sleep, "300"]}]\n`;
    const a = await launch(text('h16-a'), `h16-a/${pod}`);
    const b = await launch(text('h16-b'), `h16-b/${pod}`);
    expect([a, b]).toEqual([`h16-a/${pod}`, `h16-b/${pod}`]);
    const [pa, pb] = [await podOf(a), await podOf(b)];
    expect([pa.namespace, pb.namespace, pa.phase, pb.phase]).toEqual(['h16-a', 'h16-b', 'Running', 'Running']);
    expect(pa.sandbox?.name).toMatch(new RegExp(`^k8s_POD_${pod}_h16-a_`));
    expect(pb.sandbox?.name).toMatch(new RegExp(`^k8s_POD_${pod}_h16-b_`));
    expect(pa.ip).not.toBe(pb.ip);
  }, 60_000);
});

describe('probes', () => {
  it('restarts a container whose liveness probe fails, with the back-off', async () => {
    const key = await launchPod('live', `  containers:
  - name: app
    image: DEMO
    command: [sh, -c, "touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 300"]
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 1, failureThreshold: 2}
`);
    const k = new Kubelet(conn.runtime, { backoff: { baseMs: 300, maxMs: 1200, resetAfterMs: 600_000 }, only: (p) => p === key });
    kubelets.push(k);
    await k.start();
    const first = idOf(key, 'app');
    const startedAt = Date.parse(JSON.parse(docker(['inspect', first]))[0].State.StartedAt);
    const restarted = await until(async () => {
      const c = (await podOf(key)).containers[0];
      return c.restartCount >= 1 && c.id !== first ? c : null;
    }, 30_000, 300, 'a restart after the liveness probe failed');
    k.stop();
    // Not before the probe could fail: healthy for 2 s, then two failures 1 s apart.
    expect(Date.parse(restarted.startedAt ?? '') - startedAt).toBeGreaterThanOrEqual(3000);
    expect(restarted.state).toBe('running');
  }, 60_000);

  it('flips the Ready condition when the readiness probe starts to pass', async () => {
    const key = await launchPod('ready', `  containers:
  - name: app
    image: DEMO
    command: [sleep, "300"]
    readinessProbe: {exec: {command: [test, -f, /tmp/ready]}, periodSeconds: 1, failureThreshold: 1}
`);
    await new Promise((r) => setTimeout(r, 2500));
    const before = await podOf(key);
    expect([before.phase, before.ready, before.containers[0].ready]).toEqual(['Running', false, false]);
    docker(['exec', idOf(key, 'app'), 'touch', '/tmp/ready']);
    await until(async () => (await podOf(key)).ready === true, 15_000, 300, 'the pod to become Ready');
    expect((await podOf(key)).containers[0].probes).toEqual(['readiness']);
  }, 60_000);
});
