// Container lifecycle hooks on the real engine (issue 16): a postStart that writes the page the app then serves, a
// failing postStart that kills the container (FailedPostStartHook on the live timeline, restarted by the kubelet), and
// a preStop that runs before `stop` (its file read by another container through an emptyDir) and before `rm`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../electron/engine/docker';
import { connectEngine } from '../../electron/engine/docker';
import { containerAction, removePods } from '../../electron/engine/pods/lifecycle';
import { hookFailures, type HookFailure } from '../../electron/engine/pods/hooks';
import type { PodModel } from '../../shared/model';
import { LABEL_POD } from '../../electron/engine/runtime/vocabulary';
import { docker, logs, until, latestPushedPod } from './helpers';
import { DEMO, idOf, launchManifest, podOf as podOfIn, removeCreated } from './manifest-pods';

let conn: EngineConnection;
const created: string[] = [];
const failures: HookFailure[] = [];
const collect = (f: HookFailure): void => void failures.push(f);

beforeAll(async () => {
  conn = await connectEngine();
  hookFailures.on('failure', collect);
});

afterAll(async () => {
  hookFailures.off('failure', collect);
  await removeCreated(conn, created);
});

const name = (base: string): string => `h16b-${base}-${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;

const launch = (text: string): Promise<string> => launchManifest(conn, text, created);
const podOf = (key: string): Promise<PodModel> => podOfIn(conn, key);

describe('postStart', () => {
  it('runs right after the start: the page it writes is what the app serves', async () => {
    const pod = name('post');
    await launch(`apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  containers:
  - name: web
    image: DEMO
    command: [sh, -c, "mkdir -p /www && exec httpd -f -p 8080 -h /www"]
    lifecycle:
      postStart: {exec: {command: [sh, -c, "echo hello-from-poststart > /www/index.html"]}}
  - {name: client, image: DEMO, command: [sh, -c, "while true; do wget -qO- http://127.0.0.1:8080/index.html; sleep 0.5; done"]}
`);
    const web = idOf(pod, 'web');
    // launch returns once the hook ran (the kubelet's startContainer does too): the file is there at once.
    expect((await conn.runtime.exec(web, ['cat', '/www/index.html'])).stdout.trim()).toBe('hello-from-poststart');
    await until(() => logs(idOf(pod, 'client')).includes('hello-from-poststart'), 20_000, 200, 'the client to read the page');
    expect(failures.filter((f) => f.pod === pod)).toEqual([]);
    expect((await podOf(pod)).containers.find((c) => c.name === 'web')?.state).toBe('running');
  }, 60_000);

  it('a failing postStart kills the container (FailedPostStartHook), and the kubelet restarts it per restartPolicy', async () => {
    const { PodlabEngine } = await import('../../electron/engine/engine');
    const pod = name('postfail');
    created.push(pod);
    const engine = await PodlabEngine.connect({ ...process.env, PODLAB_KUBELET_ONLY: pod, PODLAB_BACKOFF_BASE_MS: '300', PODLAB_BACKOFF_MAX_MS: '1200' });
    try {
      const seen = latestPushedPod(engine, pod);
      await engine.startLive();
      const manifest = `apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  containers:
  - name: app
    image: ${DEMO}
    command: [sleep, "300"]
    lifecycle:
      postStart: {exec: {command: [sh, -c, "echo no-config >&2; exit 3"]}}
`;
      await engine.launch({ manifest });
      // The first attempt was killed by podlab (SIGKILL: 137), not ended by its own command (sleep 300).
      const first = await until(() => failures.find((f) => f.pod === pod && f.reason === 'FailedPostStartHook'), 20_000, 100, 'FailedPostStartHook');
      expect(first.container).toBe('app');
      expect(first.detail).toContain('exited with 3');
      expect(first.detail).toContain('no-config');
      const restarted = await until(() => (seen.latest?.containers[0] && seen.latest.containers[0].restartCount >= 1 ? seen.latest : null), 30_000, 100, 'a restart by the kubelet');
      const events = restarted.events ?? [];
      const hook = events.find((e) => e.reason === 'FailedPostStartHook' && e.container === 'app');
      expect(hook?.type, JSON.stringify(events)).toBe('Warning');
      expect(hook?.message).toContain('PostStart hook of container app failed');
      expect(events.some((e) => e.reason === 'Died' && e.container === 'app' && e.message.includes('137')), JSON.stringify(events)).toBe(true);
      // Every attempt runs the hook again and fails again.
      await until(() => failures.filter((f) => f.pod === pod).length >= 2, 30_000, 100, 'the hook of the next attempt');
    } finally {
      await engine.close();
    }
  }, 90_000);
});

describe('preStop', () => {
  it('runs before podlab stops a container: the file it writes to an emptyDir is read by the other container', async () => {
    const pod = name('prestop');
    await launch(`apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  terminationGracePeriodSeconds: 5
  volumes: [{name: shared, emptyDir: {}}]
  containers:
  - name: app
    image: DEMO
    command: [sleep, "300"]
    volumeMounts: [{name: shared, mountPath: /shared}]
    lifecycle:
      preStop: {exec: {command: [sh, -c, "echo goodbye-from-prestop > /shared/bye"]}}
  - name: reader
    image: DEMO
    command: [sh, -c, "while true; do cat /shared/bye 2>/dev/null; sleep 0.3; done"]
    volumeMounts: [{name: shared, mountPath: /shared}]
`);
    const reader = idOf(pod, 'reader');
    expect(logs(reader)).not.toContain('goodbye-from-prestop');
    await containerAction(conn, pod, 'app', 'stop');
    expect(JSON.parse(docker(['inspect', idOf(pod, 'app')]))[0].State.Running).toBe(false);
    await until(() => logs(reader).includes('goodbye-from-prestop'), 10_000, 200, 'the reader to see the preStop file');
    expect(failures.filter((f) => f.pod === pod)).toEqual([]);
  }, 60_000);

  it('runs before `rm` removes the pod: it tells a listener in another pod, and a failing preStop is reported while rm goes on', async () => {
    const listener = name('listen');
    await launch(`apiVersion: v1
kind: Pod
metadata: {name: ${listener}}
spec:
  containers: [{name: nc, image: DEMO, command: [sh, -c, "sleep 300 | nc -l -p 9000 > /tmp/message"]}]
`);
    // busybox nc half-closes its side as soon as its stdin ends, and a client that sees the peer's end before its own
    // stdin has data exits 0 having sent nothing. With /dev/null as stdin the listener hung up at once, so a preStop
    // whose echo was scheduled late "succeeded" silently (CI, twice): the listener's stdin stays open instead.
    // Running is not yet listening: the preStop below connects once, so the listener must hold its port first.
    const listening = await until(async () => {
      const p = await podOf(listener);
      return p.listening.some((l) => l.port === 9000) && p;
    }, 10_000, 200, 'the listener to listen on 9000');
    const ip = listening.ip;
    expect(ip).toBeTruthy();
    // What it read goes to a file in the container, which keeps running: read back through exec, not its log (a log
    // written just before its container exits can miss the engine's copy when the machine is busy).
    const listenerId = listening.containers.find((c) => c.name === 'nc')!.id;
    const pod = name('rmhook');
    await launch(`apiVersion: v1
kind: Pod
metadata: {name: ${pod}}
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: DEMO
    command: [sleep, "300"]
    lifecycle:
      preStop: {exec: {command: [sh, -c, "echo bye-from-prestop | nc -w 2 ${ip} 9000"]}}
  - name: broken
    image: DEMO
    command: [sleep, "300"]
    lifecycle:
      preStop: {exec: {command: [sh, -c, "exit 4"]}}
`);
    await removePods(conn, [pod]);
    expect(docker(['ps', '-aq', '--filter', `label=${LABEL_POD}=${pod}`])).toBe('');
    const failed = failures.filter((f) => f.pod === pod);
    expect(failed.map((f) => [f.container, f.reason, f.detail])[0]).toEqual(['broken', 'FailedPreStopHook', expect.stringContaining('exited with 4')]);
    expect(failed.length, JSON.stringify(failed)).toBe(1);
    const received = async (): Promise<boolean> => (await conn.runtime.exec(listenerId, ['cat', '/tmp/message'])).stdout.includes('bye-from-prestop');
    await until(received, 10_000, 200, 'the listener to get the preStop message');
  }, 60_000);
});
