// An engine that is not on this machine: a private dockerd listening on tcp://127.0.0.1:<port>, treated as remote
// (PODLAB_ENGINE_REMOTE=1, the switch an engine behind a tunnel needs too). podlab must choose the helper probe by itself,
// say so in doctor, read host veths and bridges through the helper, and build the same model the direct probe builds
// for the same pods. Reached through DOCKER_HOST and through a docker context made by the docker CLI itself.
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model, PodModel } from '../../shared/model';
import { connectEngine } from '../../electron/engine/docker';
import { buildModel } from '../../electron/engine/model/build';
import { ensureCliBuilt, hostPortManifest, podlab, tempDir, uniqueName, until } from './helpers';
import { startPrivateDaemon, testImageNames, type PrivateDaemon } from './private-daemon';

let priv: PrivateDaemon;
let remoteEnv: NodeJS.ProcessEnv;
const pods = [uniqueName('h14-rweb'), uniqueName('h14-rconf')];
const config = tempDir();

/** The model minus what legitimately differs between two reads of the same pods (how it was read, when). */
function comparable(m: Model, only: string[]): unknown {
  const ours = m.pods.filter((p) => only.includes(p.name));
  const veths = new Set(ours.map((p) => p.hostVeth));
  const pod = (p: PodModel): unknown => ({
    ...p,
    events: undefined,
    conflicts: p.conflicts.map((c) => ({ ...c, at: undefined })),
    containers: p.containers.map((c) => ({ ...c, nextRestartAt: undefined })),
  });
  return {
    bridges: m.host.bridges,
    veths: m.host.veths.filter((v) => veths.has(v.name)),
    pods: ours.map(pod),
  };
}

beforeAll(async () => {
  ensureCliBuilt();
  priv = await startPrivateDaemon({ prefix: 'h14', images: testImageNames(), tcp: true });
  remoteEnv = { ...priv.env, DOCKER_HOST: priv.tcpHost!, PODLAB_ENGINE_REMOTE: '1', PODLAB_PROBE: '' };
  const [pause, demo] = testImageNames();
  const launchEnv = { ...priv.env, PODLAB_PAUSE_IMAGE: pause, PODLAB_DEMO_IMAGE: demo };
  const [a, b] = await Promise.all([
    podlab(['launch', 'web-sidecar', '--name', pods[0]!, '--wait'], { env: launchEnv }),
    podlab(['launch', 'port-conflict', '--name', pods[1]!, '--wait'], { env: launchEnv }),
  ]);
  if (a.code !== 0) throw new Error(`launch ${pods[0]}: ${a.stderr}`);
  if (b.code !== 3) throw new Error(`launch ${pods[1]} should fail with a conflict: ${b.stderr}`);
});

afterAll(async () => {
  config.remove();
  await priv?.cleanup();
});

describe('a remote engine (tcp://, treated as remote)', () => {
  it('is read through the helper probe, and the model equals the direct probe\'s for the same pods', async () => {
    const local = await connectEngine({ ...priv.env, PODLAB_PROBE: '' });
    const remote = await connectEngine(remoteEnv);
    expect(local.remote).toBe(false);
    expect(remote.remote).toBe(true);
    // The conflicting pod's victim restarts (CrashLoopBackOff) between reads: wait until both agree on a settled pod.
    // Both sides inspect every container (listed: false): the local one would describe running ones from the listing,
    // with times to the second (pods/listed.ts, checked by listed-status.test.ts); this test is about the probes.
    const [direct, helper] = await until(
      async () => {
        const d = await buildModel(local, { pods, listed: false });
        const h = await buildModel(remote, { pods });
        return JSON.stringify(comparable(d, pods)) === JSON.stringify(comparable(h, pods)) ? [d, h] : null;
      },
      60_000,
      500,
      'the direct and the helper model to agree',
    ).catch(async () => [await buildModel(local, { pods, listed: false }), await buildModel(remote, { pods })] as const);
    expect(direct.engine.probe).toBe('direct');
    expect(helper.engine.probe).toBe('helper');
    expect(helper.engine.remote).toBe(true);
    expect(comparable(helper, pods)).toEqual(comparable(direct, pods));
    // The facts are really there (an empty model on both sides would be "equal" too).
    const web = helper.pods.find((p) => p.name === pods[0])!;
    expect(web.namespaces.net).toMatch(/^net:\[\d+\]$/);
    expect(web.hostVeth).toBeTruthy();
    expect(web.listening.find((l) => l.port === 80)).toMatchObject({ container: 'web', process: 'httpd' });
    expect(helper.pods.find((p) => p.name === pods[1])!.conflicts[0]).toMatchObject({ kind: 'pod-port', holder: { container: 'web', process: 'httpd' } });
    const bridge = helper.host.bridges[0]!;
    expect(bridge.ifindex).toBeTypeOf('number');
    expect(helper.host.veths.find((v) => v.name === web.hostVeth)).toMatchObject({ bridge: bridge.name, pod: pods[0] });
  });

  it('names a host process holding a hostPort, read on the engine\'s host through the helper (its pid is that host\'s)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const pod = uniqueName('h14-rhp');
      const file = config.write(`${pod}.yaml`, hostPortManifest(pod, port));
      expect((await podlab(['launch', file, '--wait'], { env: priv.env })).code).toBe(3);
      const remote = await buildModel(await connectEngine(remoteEnv), { pods: [pod] });
      const direct = await buildModel(await connectEngine({ ...priv.env, PODLAB_PROBE: '' }), { pods: [pod] });
      const holder = remote.pods[0]!.conflicts[0]!.holder;
      expect(holder).toMatchObject({ kind: 'host', pid: process.pid });
      expect(holder.process).toBeTruthy();
      expect(holder).toEqual(direct.pods[0]!.conflicts[0]!.holder);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('doctor says the engine is not on this machine and that the helper reads its host', async () => {
    const r = await podlab(['doctor'], { env: remoteEnv });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`engine endpoint ${priv.tcpHost} (from DOCKER_HOST)`);
    expect(r.stdout).toContain('the engine is not on this machine');
    expect(r.stdout).toContain('probe path helper');
    expect(r.stdout).not.toContain('/proc/<pid>/ns is readable');
  });

  it('follows the docker CLI\'s current context (docker context create + use) when DOCKER_HOST is not set', async () => {
    const cfg = config.dir;
    execFileSync('docker', ['--config', cfg, 'context', 'create', 'h14-remote', '--docker', `host=${priv.tcpHost}`], { stdio: 'ignore' });
    execFileSync('docker', ['--config', cfg, 'context', 'use', 'h14-remote'], { stdio: 'ignore' });
    // DOCKER_HOST empty counts as unset, as for the docker CLI.
    const env: NodeJS.ProcessEnv = { ...remoteEnv, DOCKER_HOST: '', DOCKER_CONFIG: cfg };
    const doctor = await podlab(['doctor'], { env });
    expect(doctor.stdout).toContain(`engine endpoint ${priv.tcpHost} (from docker context h14-remote)`);
    const ls = await podlab(['ls', '--json'], { env });
    expect(ls.code, ls.stderr).toBe(0);
    const names = (JSON.parse(ls.stdout) as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(pods));
    const inspect = JSON.parse((await podlab(['inspect', pods[0]!, '--json'], { env })).stdout) as PodModel & { engine: { probe: string } };
    expect(inspect.engine.probe).toBe('helper');
  });
});
