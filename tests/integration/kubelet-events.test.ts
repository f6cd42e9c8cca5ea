// Kubernetes-style pod events on the real engine: `inspect --json` of a port-conflict pod (BackOff with the
// explanation) and of a hostport-clash second pod (FailedScheduling); the live model (facade) keeps BackOff and adds
// Pulled/Created/Started as the restart manager restarts, and Scheduled once a Pending pod gets its hostPort;
// `watch --json` prints Error → CrashLoopBackOff and stamps engine-caused lines with the engine event's own time.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodEvent, PodModel } from '../../shared/model';
import { isoFromNanos } from '../../electron/engine/runtime/docker/events';
import { cleanupPods, ensureCliBuilt, freePort, podlab, ROOT, tempDir, uniqueName, until, startWatch, latestPushedPod } from './helpers';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const created: string[] = [];
const tmp = tempDir();
const FAILED_SCHEDULING = "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.";

function name(base: string): string {
  const n = uniqueName(`w2b-${base}`);
  created.push(n);
  return n;
}

async function inspectPod(pod: string): Promise<PodModel> {
  const r = await podlab(['inspect', pod, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PodModel;
}

/** The hostport-clash template with its hostPort moved to a free port (other suites on this engine use 8080). */
function clashManifest(port: number): string {
  // A file, not the template name: PODLAB_DEMO_IMAGE only replaces the images of templates launched by name.
  const text = readFileSync(`${ROOT}/templates/hostport-clash.yaml`, 'utf8')
    .replace('hostPort: 8080', `hostPort: ${port}`)
    .replace('image: busybox', `image: ${DEMO}`);
  return tmp.write(`clash-${port}.yaml`, text);
}

const find = (events: PodEvent[] | undefined, reason: string, container?: string | null): PodEvent | undefined =>
  (events ?? []).find((e) => e.reason === reason && (container === undefined || (e.container ?? null) === container));

beforeAll(() => {
  ensureCliBuilt();
});
afterAll(() => {
  cleanupPods(created);
  tmp.remove();
});

describe('inspect --json shows the events Kubernetes would', () => {
  it('port-conflict: the victim web-2 has Warning BackOff naming the port and the holder, beside Pulled/Created/Started/Died', async () => {
    const pod = name('pc');
    const launch = await podlab(['launch', 'port-conflict', '--name', pod, '--wait', '--json']);
    expect(launch.code, launch.stderr).toBe(3);
    // Another podlab on this shared engine may run a restart manager: poll (bounded) for the back-off state.
    let p = await inspectPod(pod);
    for (let i = 0; i < 30 && !find(p.events, 'BackOff', 'web-2'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      p = await inspectPod(pod);
    }
    const backOff = find(p.events, 'BackOff', 'web-2')!;
    expect(backOff.type).toBe('Warning');
    expect(backOff.message).toContain(`Back-off restarting failed container web-2 in pod ${pod} — web-2 exited (1): port 80/tcp is already in use`);
    expect(backOff.message).toContain('held by container web');
    for (const r of ['Pulled', 'Created', 'Started']) expect(find(p.events, r, 'web-2'), r).toBeTruthy();
    expect(find(p.events, 'Died', 'web-2')?.type).toBe('Warning');
    expect(find(p.events, 'BackOff', 'web')).toBeUndefined();
    // Time order, and the derived BackOff sits at the exit (same millisecond as the engine's die event).
    const ats = p.events!.map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);
  });

  it('hostport-clash launched twice: the second pod has Warning FailedScheduling; the first has none', async () => {
    const port = await freePort();
    const file = clashManifest(port);
    const a = name('hpa');
    const b = name('hpb');
    expect((await podlab(['launch', file, '--name', a, '--wait'])).code).toBe(0);
    const second = await podlab(['launch', file, '--name', b, '--wait']);
    expect(second.code, second.stderr).toBe(3);
    const pb = await inspectPod(b);
    expect(pb.phase).toBe('Pending');
    expect(pb.conflicts[0]).toMatchObject({ kind: 'host-port', port, holder: { pod: a } });
    expect(find(pb.events, 'FailedScheduling', null)).toMatchObject({ type: 'Warning', message: FAILED_SCHEDULING });
    expect(find((await inspectPod(a)).events, 'FailedScheduling')).toBeUndefined();
  });
});

describe('the live model (facade) keeps and adds events', () => {
  const env = { PODLAB_BACKOFF_BASE_MS: '400', PODLAB_BACKOFF_MAX_MS: '1600', PODLAB_KUBELET_ONLY: `w2b-live-${process.pid}` };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('a crashing container: BackOff while backing off, then Pulled/Created/Started of the next attempt; BackOff stays', async () => {
    const { PodlabEngine } = await import('../../electron/engine/engine');
    const pod = `w2b-live-${process.pid}-crash`;
    created.push(pod);
    const engine = await PodlabEngine.connect();
    try {
      const seen = latestPushedPod(engine, pod);
      await engine.startLive();
      const manifest = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: crash\n      image: ${DEMO}\n      command: ["sh", "-c", "sleep 0.3; exit 2"]\n`;
      await engine.launch({ manifest });
      const restarted = await until(() => (seen.latest && seen.latest.containers[0] && seen.latest.containers[0].restartCount >= 2 ? seen.latest : null), 30_000, 50);
      const evs = restarted.events ?? [];
      const backOffs = evs.filter((e) => e.reason === 'BackOff' && e.container === 'crash');
      expect(backOffs.length, JSON.stringify(evs)).toBeGreaterThanOrEqual(2);
      expect(backOffs[0]!.message).toBe(`Back-off restarting failed container crash in pod ${pod}`);
      // The first back-off came before the next attempt's Pulled/Created/Started (the kubelet's order).
      // (The old attempt's Removed may fall between them: the new container is created before the old one goes.)
      const after = evs.filter((e) => e.container === 'crash' && e.at >= backOffs[0]!.at).map((e) => e.reason);
      const pulled = after.indexOf('Pulled');
      expect(pulled, after.join(',')).toBeGreaterThan(0);
      expect(after.indexOf('Created', pulled)).toBeGreaterThan(pulled);
      expect(after.indexOf('Started', pulled)).toBeGreaterThan(after.indexOf('Created', pulled));
      // A one-shot model (inspect) of the same pod replays the engine's events: the earlier back-offs are there too.
      const { buildModel } = await import('../../electron/engine/model/build');
      const one = (await buildModel(engine.conn, { pods: [pod] })).pods[0]!;
      expect(one.events?.filter((e) => e.reason === 'BackOff' && e.container === 'crash').length, JSON.stringify(one.events)).toBeGreaterThanOrEqual(2);
    } finally {
      await engine.close();
    }
  });

  it('a killed sandbox: SandboxChanged once (engine event and label agree), Killing of the app container, then it runs again', async () => {
    const { PodlabEngine } = await import('../../electron/engine/engine');
    const pod = `w2b-live-${process.pid}-sb`;
    created.push(pod);
    const engine = await PodlabEngine.connect();
    try {
      const seen = latestPushedPod(engine, pod);
      await engine.startLive();
      const manifest = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: web\n      image: ${DEMO}\n      command: ["httpd", "-f", "-p", "80", "-h", "/www"]\n`;
      await engine.launch({ manifest, wait: true });
      await engine.killSandbox(pod);
      const again = await until(() => ((seen.latest?.sandbox?.attempt ?? 0) >= 1 && seen.latest?.phase === 'Running' && seen.latest.containers[0]?.state === 'running' ? seen.latest : null), 20_000, 50);
      const evs = again.events ?? [];
      expect(evs.filter((e) => e.reason === 'SandboxChanged'), JSON.stringify(evs)).toHaveLength(1);
      expect(find(evs, 'SandboxChanged')!.message).toBe('Pod sandbox changed, it will be killed and re-created.');
      expect(find(evs, 'Killing', 'web')).toBeTruthy();
      const reasons = evs.filter((e) => e.container === 'web').map((e) => e.reason);
      expect(reasons.lastIndexOf('Started')).toBeGreaterThan(reasons.indexOf('Killing'));
    } finally {
      await engine.close();
    }
  });

  it('a Pending pod on a taken hostPort: FailedScheduling; once the holder is removed the restart manager starts it: Scheduled', async () => {
    const { PodlabEngine } = await import('../../electron/engine/engine');
    const port = await freePort();
    const file = clashManifest(port);
    const a = `w2b-live-${process.pid}-hpa`;
    const b = `w2b-live-${process.pid}-hpb`;
    created.push(a, b);
    expect((await podlab(['launch', file, '--name', a, '--wait'])).code).toBe(0);
    expect((await podlab(['launch', file, '--name', b, '--wait'])).code).toBe(3);
    const engine = await PodlabEngine.connect();
    try {
      const seen = latestPushedPod(engine, b);
      const first = (await engine.startLive()).pods.find((p) => p.name === b)!;
      expect(find(first.events, 'FailedScheduling', null)?.message).toBe(FAILED_SCHEDULING);
      await engine.removePod(a);
      const running = await until(() => (seen.latest?.phase === 'Running' && find(seen.latest.events, 'Scheduled') ? seen.latest : null), 20_000, 50);
      // The earlier FailedScheduling is not dropped from the timeline, and comes first.
      const reasons = (running.events ?? []).map((e) => e.reason);
      expect(reasons.indexOf('FailedScheduling')).toBeGreaterThanOrEqual(0);
      expect(reasons.indexOf('FailedScheduling')).toBeLessThan(reasons.indexOf('Scheduled'));
    } finally {
      await engine.close();
    }
  });
});

describe('watch --json: restart state changes and the engine event\'s time', () => {
  it('Error → CrashLoopBackOff prints a line with reason and nextRestartAt; the die line carries the event\'s timeNano and time', async () => {
    const pod = name('watch');
    const { child, lines } = startWatch({ ...process.env, PODLAB_KUBELET: 'off' });
    try {
      const engineLine = await until(() => lines.find((l) => l.type === 'engine'), 20_000, 50);
      // As root the probe is direct, even when a container that just crashed was the sample it was checked against.
      expect(engineLine.probe).toBe('direct');
      const manifest = tmp.write(`${pod}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: crash\n      image: ${DEMO}\n      command: ["sh", "-c", "sleep 0.5; exit 3"]\n`);
      expect((await podlab(['launch', manifest, '--wait'])).code).toBe(3);
      const mine = (): Record<string, unknown>[] => lines.filter((l) => l.type === 'container' && l.pod === pod && l.container === 'crash');
      const died = await until(() => mine().find((l) => l.state === 'exited' && l.exitCode === 3), 10_000, 50);
      expect(died.timeNano).toMatch(/^\d{19}$/);
      expect(died.at).toBe(isoFromNanos(died.timeNano as string));
      const backOff = await until(() => mine().find((l) => l.reason === 'CrashLoopBackOff'), 10_000, 50);
      expect(backOff).toMatchObject({ state: 'exited', exitCode: 3, restartCount: 0 });
      expect(Date.parse(backOff.nextRestartAt as string)).toBeGreaterThan(Date.parse(died.at as string));
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
