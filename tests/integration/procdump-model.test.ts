// The model built with the native dump (one `podlab-sockdiag --dump` run per build: probe/procdump.ts) is the model
// built with the JS reads of /proc (PODLAB_PROC_DUMP=0), field for field, and the one built by inspecting every
// container but for the times the listing tells less exactly. The pods hold what the dump reads: several processes in
// a container (a child, and a `docker exec` beside the main one), a listening TCP socket per container, a UDP listener,
// a sandbox with a hostPort (inspected, its netns still taken from the dump) and a hostNetwork pod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../shared/model';
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import { buildModel } from '../../electron/engine/model/build';
import { helperRuns } from '../../electron/engine/probe/sockdiag';
import { procDumpAvailable } from '../../electron/engine/probe/procdump';
import { cleanupPods, docker, ensureCliBuilt, podContainers, podlab, podManifest, randomHostPort, tempDir, uniqueName } from './helpers';

const [multi, withHostPort, hostNet, young] = [uniqueName('np-multi'), uniqueName('np-hp'), uniqueName('np-hostnet'), uniqueName('np-young')];
const pods = [multi, withHostPort, hostNet];
const tmp = tempDir();
let conn: EngineConnection | undefined;

/** Builds the model of our pods with the dump on or off; counts the helper's runs meanwhile. */
async function build(c: EngineConnection, dump: boolean, listed = true, names = pods): Promise<{ model: Model; runs: typeof helperRuns }> {
  const before = { ...helperRuns };
  const saved = process.env.PODLAB_PROC_DUMP;
  if (dump) delete process.env.PODLAB_PROC_DUMP;
  else process.env.PODLAB_PROC_DUMP = '0';
  try {
    const model = await buildModel(c, { pods: names, events: false, listed });
    return { model, runs: { dump: helperRuns.dump - before.dump, dumped: helperRuns.dumped - before.dumped, other: helperRuns.other - before.other } };
  } finally {
    if (saved === undefined) delete process.env.PODLAB_PROC_DUMP;
    else process.env.PODLAB_PROC_DUMP = saved;
  }
}

const withoutTimes = (m: Model): unknown => JSON.parse(JSON.stringify(m.pods, (k, v: unknown) => (k === 'startedAt' || k === 'createdAt' || k === 'at' ? undefined : v)));

describe.runIf(procDumpAvailable())('the native dump', () => {
  beforeAll(async () => {
    ensureCliBuilt();
    const httpd = (port: string): string[] => ['httpd', '-f', '-p', port, '-h', '/www'];
    const manifests = [
      podManifest(multi, [
        // A child beside the main process (sleep's parent is sh's exec'd httpd, inside the cgroup).
        { name: 'web', command: ['sh', '-c', 'sleep 3600 & exec httpd -f -p 80 -h /www'], ports: [{ containerPort: 80 }] },
        { name: 'api', command: httpd('8080'), ports: [{ containerPort: 8080 }] },
        { name: 'dns', command: ['udp-listen', '53'], ports: [{ containerPort: 53, protocol: 'UDP' }] },
      ]),
      podManifest(withHostPort, [{ name: 'web', command: httpd('80'), ports: [{ containerPort: 80, hostPort: randomHostPort(), hostIP: '127.0.0.1' }] }]),
      // The node's netns: listen on loopback only.
      podManifest(hostNet, [{ name: 'web', command: httpd(`127.0.0.1:${randomHostPort()}`) }], { hostNetwork: true }),
    ];
    for (const [i, text] of manifests.entries()) {
      const r = await podlab(['launch', tmp.write(`${i}.yaml`, text), '--wait'], { env: { PODLAB_KUBELET: 'off' } });
      expect(r.code, r.stderr).toBe(0);
    }
    // An exec'd process beside web's httpd: also a child of the runtime's shim, but started later.
    const web = podContainers(multi).apps.find((c) => c.Config.Labels['io.podlab.container'] === 'web')!;
    docker(['exec', '-d', web.Id, 'sleep', '60']);
    // Containers younger than 3 s are inspected and read by the JS readers: let them age.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    conn = await connectEngine();
  }, 180_000);

  afterAll(() => {
    cleanupPods([...pods, young]);
    tmp.remove();
  });

  it('gives the model the JS reads give, from one helper run and no other', async () => {
    const c = conn!;
    const running = 3 + 5;
    // Another test's pods may change the host's sockets between two builds (hostNetwork lists the node's): retry a little.
    let native: Awaited<ReturnType<typeof build>> | undefined;
    let js: Awaited<ReturnType<typeof build>> | undefined;
    for (let i = 0; i < 3; i++) {
      native = await build(c, true);
      js = await build(c, false);
      if (JSON.stringify(native.model.pods) === JSON.stringify(js.model.pods)) break;
    }
    expect(native!.model.pods).toEqual(js!.model.pods);
    // One run for everything: no separate host-links, netns or TCP-table run.
    expect(native!.runs).toEqual({ dump: 1, dumped: expect.any(Number), other: 0 });
    expect(native!.runs.dumped).toBeGreaterThanOrEqual(running);
    expect(js!.runs.dump).toBe(0);
    expect(js!.runs.other).toBeGreaterThan(0);

    const pod = native!.model.pods.find((p) => p.name === multi)!;
    const owners = pod.listening.map((l) => `${l.protocol} ${l.port} ${l.container} ${l.process}`).sort();
    expect(owners).toEqual(expect.arrayContaining(['udp 53 dns udp-listen']));
    expect(owners.filter((o) => /^tcp6? (80|8080) (web|api) httpd$/.test(o)).length).toBeGreaterThanOrEqual(2);
    const hp = native!.model.pods.find((p) => p.name === withHostPort)!;
    expect(hp.listening.some((l) => l.port === 80 && l.process === 'httpd')).toBe(true);
    expect(native!.model.pods.find((p) => p.name === hostNet)!.containers[0]?.state).toBe('running');
  }, 60_000);

  it('reads a young pod (inspected) with the JS readers beside the dumped ones, in the same build', async () => {
    const c = conn!;
    const r = await podlab(['launch', tmp.write('young.yaml', podManifest(young, [{ name: 'web', command: ['httpd', '-f', '-p', '80', '-h', '/www'] }])), '--wait'], { env: { PODLAB_KUBELET: 'off' } });
    expect(r.code, r.stderr).toBe(0);
    const [native, js] = [await build(c, true, true, [...pods, young]), await build(c, false, true, [...pods, young])];
    expect(native.runs.dump).toBe(1);
    // The young sandbox's netns and the young app's processes come from /proc and the sock_diag helper, as before.
    expect(native.runs.other).toBeGreaterThan(0);
    const pod = (m: Model): unknown => m.pods.find((p) => p.name === young);
    expect(pod(native.model)).toMatchObject({ phase: 'Running' });
    expect((pod(native.model) as { listening: { port: number; process: string }[] }).listening.some((l) => l.port === 80 && l.process === 'httpd')).toBe(true);
    expect(withoutTimes(native.model)).toEqual(withoutTimes(js.model));
  }, 60_000);

  it('gives the model that inspecting every container gives, but for the listing-told times', async () => {
    const c = conn!;
    const [native, full] = [await build(c, true), await build(c, true, false)];
    expect(full.runs.dump).toBe(0);
    expect(withoutTimes(native.model)).toEqual(withoutTimes(full.model));
  }, 60_000);
});
