// The model built from the listing (running app containers described from the list call and /proc: pods/listed.ts)
// is the model built by inspecting every container: the same JSON, field for field, except startedAt, which is the
// main process's start and so a little before the engine's own record. The pods have what could tell them apart: a
// shared PID namespace, a `docker exec` process beside the main one, a healthcheck (exec readinessProbe), a container
// that exited and one that was never started by the describer's rules (init).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../shared/model';
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import { buildModel } from '../../electron/engine/model/build';
import { helperRuns } from '../../electron/engine/probe/sockdiag';
import { procDumpAvailable } from '../../electron/engine/probe/procdump';
import { cleanupPods, docker, ensureCliBuilt, podContainers, podlab, podManifest, randomHostPort, tempDir, uniqueName, until, type TestContainer } from './helpers';

const pods = [uniqueName('s15-listed-a'), uniqueName('s15-listed-b'), uniqueName('s15-listed-c')];
const tmp = tempDir();
let conn: EngineConnection | undefined;

/** The model's JSON with the times the listing tells less exactly taken out (compared on their own). */
function comparable(m: Model): unknown {
  return JSON.parse(JSON.stringify(m.pods, (k, v: unknown) => (k === 'startedAt' || k === 'createdAt' || k === 'at' ? undefined : v)));
}

function startedAts(m: Model): Map<string, string | null | undefined> {
  return new Map(m.pods.flatMap((p) => p.containers.map((c) => [c.id, c.startedAt] as const)));
}

/** Records the ids a runtime call is asked for while `f` runs. */
async function recording<T>(c: EngineConnection, f: () => Promise<T>): Promise<{ result: T; apps: string[]; sandboxes: string[] }> {
  const apps: string[] = [];
  const sandboxes: string[] = [];
  const [status, sandboxStatus] = [c.runtime.containers.status, c.runtime.sandboxes.status];
  c.runtime.containers.status = (id) => (apps.push(id), status(id));
  c.runtime.sandboxes.status = (id) => (sandboxes.push(id), sandboxStatus(id));
  try {
    return { result: await f(), apps, sandboxes };
  } finally {
    c.runtime.containers.status = status;
    c.runtime.sandboxes.status = sandboxStatus;
  }
}

describe('ls from the listing', () => {
  beforeAll(async () => {
    ensureCliBuilt();
    const a = podManifest(
      pods[0],
      [
        { name: 'web', command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80 }] },
        // An exec readinessProbe becomes the runtime's healthcheck: the listing's "(healthy)".
        { name: 'api', command: ['httpd', '-f', '-p', '8080', '-h', '/www'], readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } } as TestContainer,
        { name: 'once', command: ['sh', '-c', 'exit 3'] },
      ],
      { shareProcessNamespace: true, restartPolicy: 'Never', initContainers: [{ name: 'init', image: process.env.PODLAB_DEMO_IMAGE, command: ['true'] }] },
    );
    const b = podManifest(pods[1], [{ name: 'dns', command: ['udp-listen', '53'], ports: [{ containerPort: 53, protocol: 'UDP' }] }]);
    // A sandbox with a hostPort is inspected: the listing shows its bindings as made, not as asked.
    const c = podManifest(pods[2], [{ name: 'web', command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80, hostPort: randomHostPort(), hostIP: '127.0.0.1' }] }]);
    for (const [i, text] of [a, b, c].entries()) {
      const file = tmp.write(`${i}.yaml`, text);
      const r = await podlab(['launch', file, '--wait'], { env: { PODLAB_KUBELET: 'off' } });
      expect([0, 3], r.stderr).toContain(r.code);
    }
    // An exec'd process beside web's httpd: also a child of the runtime's shim, but started later.
    const web = podContainers(pods[0]).apps.find((c) => c.Config.Labels['io.podlab.container'] === 'web')!;
    docker(['exec', '-d', web.Id, 'sleep', '60']);
    await until(() => /\(healthy\)/.test(docker(['ps', '--filter', `label=io.podlab.pod=${pods[0]}`, '--format', '{{.Status}}'])), 30_000, 300, 'api healthy');
    // Containers younger than 3 s are inspected (their exact start feeds the kubelet's timing): let them age.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    conn = await connectEngine();
  }, 180_000);

  afterAll(() => {
    cleanupPods(pods);
    tmp.remove();
  });

  it('gives the same model as inspecting every container, and inspects none of the running apps', async () => {
    const c = conn!;
    const runs = helperRuns.dump;
    const listed = await recording(c, () => buildModel(c, { pods, events: false }));
    // Where the native dump can run (root, helper built), the listing's model was read with it (probe/procdump.ts).
    if (procDumpAvailable()) expect(helperRuns.dump).toBe(runs + 1);
    // Read again, the listing gives the same model (two snapshots of a quiet pod are equal).
    expect(await buildModel(c, { pods, events: false }).then((m) => m.pods)).toEqual(listed.result.pods);
    const full = await recording(c, () => buildModel(c, { pods, events: false, listed: false }));
    expect(comparable(listed.result)).toEqual(comparable(full.result));

    const apps = listed.result.pods.flatMap((p) => p.containers.filter((x) => x.state === 'running'));
    expect(apps.map((x) => x.name).sort()).toEqual(['api', 'dns', 'web', 'web']);
    for (const app of apps) {
      expect(listed.apps, `${app.name} was inspected`).not.toContain(app.id);
      expect(full.apps, `${app.name} inspected without the listing`).toContain(app.id);
      expect(app.pid).toBeGreaterThan(0);
    }
    // Sandboxes: one is inspected to learn where cgroups live; the one with a hostPort always is.
    const [a, b, withHostPort] = listed.result.pods.map((p) => p.sandbox!.id);
    expect(listed.sandboxes).toContain(withHostPort);
    expect(listed.sandboxes.filter((id) => id === a || id === b).length).toBeLessThanOrEqual(1);
    expect(full.sandboxes.sort()).toEqual([a, b, withHostPort].sort());
    // Exited and init containers are still inspected (exit code, finish time).
    const once = listed.result.pods[0]?.containers.find((x) => x.name === 'once');
    expect(once?.exitCode).toBe(3);
    expect(listed.apps).toContain(once?.id);

    // startedAt: the main process's fork (before the engine records the start, by its start-up work), counted from the
    // kernel's boot time in whole seconds: within about a second, and the same on every read.
    const exact = startedAts(full.result);
    for (const [id, at] of startedAts(listed.result)) {
      const d = Date.parse(exact.get(id) ?? '') - Date.parse(at ?? '');
      expect(d, `startedAt of ${id}`).toBeGreaterThan(-1020);
      expect(d, `startedAt of ${id}`).toBeLessThan(2000);
    }
    // createdAt: to the second from the listing (exact where the sandbox was inspected).
    for (const [i, p] of listed.result.pods.entries()) {
      const exactMs = Date.parse(full.result.pods[i]!.createdAt ?? '');
      expect([exactMs, Math.floor(exactMs / 1000) * 1000], p.name).toContain(Date.parse(p.createdAt ?? ''));
    }
  }, 60_000);
});
