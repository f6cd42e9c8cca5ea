// The core of podlab on every engine it names, one test body per engine (backends.ts): a faithful pod the kernel agrees
// with, a pod-port conflict with its holder, a hostPort clash with the holding pod (and the engine's own error
// recognised), `watch` seeing a launch through the engine's events, and the snapshot naming the bridge the kernel has.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ContainerModel, PodModel, Snapshot } from '../../shared/model';
import { LABEL_CONTAINER, LABEL_POD, LABEL_ROLE } from '../../electron/engine/runtime/vocabulary';
import { parseHostPortError } from '../../shared/conflicts/hosterror';
import { engineErrorInfo } from '../../electron/engine/pods/errors';
import type { EngineConnection } from '../../electron/engine/docker';
import { PodlabEngine } from '../../electron/engine/engine';
import { availableBackends, type BackendEngine } from './backends';
import { ensureCliBuilt, freePort, hostPortManifest, podlab, podManifest, startWatch, tempDir, uniqueName, until } from './helpers';

// The restart manager retries a Pending pod at the back-off base (10 s in a kubelet): shorter here.
process.env.PODLAB_BACKOFF_BASE_MS = '1000';

function kernel(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** The host bridge the pod's eth0 hangs on, from the kernel alone: eth0's iflink is the host veth, whose master is it. */
function bridgeOfPod(sandboxPid: number): { veth: string; bridge: string } {
  const peer = Number(kernel(`/proc/${sandboxPid}/root/sys/class/net/eth0/iflink`));
  // Other pods' veths come and go meanwhile (a vanishing one reads EINVAL/ENOENT): skip those.
  const ifindex = (n: string): number => {
    try {
      return Number(kernel(`/sys/class/net/${n}/ifindex`));
    } catch {
      return -1;
    }
  };
  const veth = readdirSync('/sys/class/net').find((n) => ifindex(n) === peer);
  if (!veth) throw new Error(`no host interface with ifindex ${peer}`);
  return { veth, bridge: readlinkSync(`/sys/class/net/${veth}/master`).split('/').pop()! };
}

describe.each(availableBackends())('on $name', (backend) => {
  let eng: BackendEngine;
  let conn: EngineConnection;
  const pods: string[] = [];
  const tmp = tempDir();
  const name = (base: string): string => {
    const n = uniqueName(`h14-${backend.name.slice(0, 3)}-${base}`);
    pods.push(n);
    return n;
  };
  const cli = (args: string[]): ReturnType<typeof podlab> => podlab(args, { env: eng.env });
  const inspect = async (pod: string): Promise<PodModel> => {
    const r = await cli(['inspect', pod, '--json']);
    if (r.code !== 0) throw new Error(`inspect ${pod}: ${r.stderr}`);
    return JSON.parse(r.stdout) as PodModel;
  };

  beforeAll(async () => {
    ensureCliBuilt();
    eng = await backend.start();
    conn = await eng.connect();
  });
  afterAll(async () => {
    try {
      // Only these tests' pods, podlab-labelled containers only (label filters AND together: one pod at a time).
      for (const p of conn ? pods : []) {
        const mine = await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${p}`] }).catch(() => []);
        await Promise.all(mine.map((c) => conn.runtime.containers.remove(c.id).catch(() => undefined)));
      }
    } finally {
      tmp.remove();
      await eng?.cleanup();
    }
  });

  describe('core', { concurrent: backend.parallel }, () => {
    it('launches a faithful pod: every container in the sandbox\'s netns and IPC namespace, sockets owned, the engine named', async ({ expect }) => {
      const pod = name('web');
      const r = await cli(['launch', 'web-sidecar', '--name', pod, '--wait']);
      expect(r.code, r.stderr).toBe(0);
      const m = await inspect(pod);
      expect(m.phase).toBe('Running');
      const sandboxPid = m.sandbox!.pid;
      expect(m.namespaces.net).toBe(readlinkSync(`/proc/${sandboxPid}/ns/net`));
      for (const c of m.containers) {
        expect(c.state).toBe('running');
        expect(readlinkSync(`/proc/${c.pid}/ns/net`), c.name).toBe(m.namespaces.net);
        expect(readlinkSync(`/proc/${c.pid}/ns/ipc`), c.name).toBe(m.namespaces.ipc);
        // What the kernel says about UTS, whichever engine: Podman gives each its own, Docker shares the sandbox's.
        expect(c.namespaces.uts).toBe(readlinkSync(`/proc/${c.pid}/ns/uts`));
      }
      // Containers outside the sandbox's UTS namespace are shown and explained, with the kernel's links.
      const text = (await cli(['inspect', pod])).stdout;
      for (const c of m.containers) if (c.namespaces.uts !== m.namespaces.uts) expect(text).toContain(`${c.name} ${c.namespaces.uts}`);
      const web = m.containers.find((c) => c.name === 'web')!;
      const l = m.listening.find((x) => x.port === 80);
      expect(l).toMatchObject({ container: 'web', process: 'httpd', pid: web.pid });
      expect(readlinkSync(`/proc/${sandboxPid}/ns/net`)).toBe(m.namespaces.net);
      expect(m.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect((m as PodModel & { engine: { name?: string } }).engine.name).toBe(eng.engineName);
      // The engine's recent events, replayed for inspect (Podman needs its `until` asked a little later).
      expect((m.events ?? []).filter((e) => e.reason === 'Started').map((e) => e.container)).toEqual(expect.arrayContaining(['web', 'sidecar']));
      // `ls` of every pod (on a local Docker-API socket bin/podlab's launcher asks the listing and networks before Node
      // starts) shows the same pod: its IP, netns, containers and the socket its web container holds.
      const ls = await cli(['ls', '--json']);
      expect(ls.code, ls.stderr).toBe(0);
      const listed = (JSON.parse(ls.stdout) as PodModel[]).find((p) => p.name === pod);
      expect(listed).toMatchObject({ ip: m.ip, phase: 'Running', namespaces: { net: m.namespaces.net } });
      expect(listed!.containers.map((c) => [c.name, c.pid, c.state])).toEqual(m.containers.map((c) => [c.name, c.pid, c.state]));
      expect(listed!.listening.find((x) => x.port === 80)).toMatchObject({ container: 'web', process: 'httpd', pid: web.pid });
    });

    it('debug adds an ephemeral container in the pod\'s netns, named as in the pod by inspect, the node view and the events', async ({ expect }) => {
      const pod = name('dbg');
      const r = await cli(['launch', 'web-sidecar', '--name', pod, '--wait']);
      expect(r.code, r.stderr).toBe(0);
      const d = await cli(['debug', pod, '--target', 'web', '--', 'readlink', '/proc/self/ns/net']);
      expect(d.code, d.stderr).toBe(0);
      const m = await until(async () => {
        const x = await inspect(pod);
        return x.ephemeralContainers?.[0]?.state === 'exited' ? x : null;
      }, 15_000, 300, `the ephemeral container of ${pod} to show exited`);
      expect(d.stdout.trim()).toBe(m.namespaces.net);
      const [eph] = m.ephemeralContainers!;
      expect(eph).toMatchObject({ target: 'web', exitCode: 0, name: expect.stringMatching(/^debugger-[a-z0-9]{5}$/) });
      // The runtime's own listing maps its row to the pod's ephemeral container, not to an earlier attempt or "?".
      const node = JSON.parse((await cli(['node', '--json'])).stdout) as { rows: { id: string; model: unknown }[] };
      expect(node.rows.find((x) => eph!.id.startsWith(x.id))?.model).toEqual({ kind: 'ephemeral', pod, container: eph!.name });
      // inspect lists it after the containers, as kubectl describe does.
      const text = (await cli(['inspect', pod])).stdout;
      expect(text).toMatch(new RegExp(`Ephemeral containers:\\n\\s+${eph!.name}\\s+exited exit 0`));
      // Its events name it as in the pod (kubectl: "Created container debugger-xxxxx"), never by the runtime's name.
      const created = await until(async () => ((await inspect(pod)).events ?? []).find((e) => e.reason === 'Created' && e.container === eph!.name) ?? null, 10_000, 300, 'its Created event');
      expect(created.message).toBe(`Created container ${eph!.name}`);
    });

    it('explains a pod-port conflict, naming the holder container, process and pid', async ({ expect }) => {
      const pod = name('two80');
      const r = await cli(['launch', 'port-conflict', '--name', pod, '--wait']);
      expect(r.code).toBe(3);
      // Podman's conmon may not have written web-2's log yet at its exit: the conflict is first inferred from its declared
      // port, then confirmed by the log line ("bind: Address already in use"). Wait for the confirmed one.
      const m = await until(async () => {
        const x = await inspect(pod);
        return x.conflicts.some((c) => c.message.includes('port 80/tcp is already in use in this pod')) ? x : null;
      }, 20_000, 300, `the log-confirmed conflict of ${pod}`);
      const web = m.containers.find((c) => c.name === 'web')!;
      expect(m.conflicts[0]).toMatchObject({ kind: 'pod-port', port: 80, protocol: 'tcp', holder: { container: 'web', process: 'httpd', pid: web.pid }, victim: { container: 'web-2' } });
      expect(m.conflicts[0]!.message).toContain(`port 80/tcp is already in use in this pod's network namespace ${m.namespaces.net}`);
    });

    it('keeps the second pod of a hostPort clash Pending, names the holding pod, and recognises the engine\'s own error', async ({ expect }) => {
      const port = await freePort();
      const [first, second] = [name('hp-a'), name('hp-b')];
      const file = tmp.write(`${first}.yaml`, hostPortManifest(first, port));
      expect((await cli(['launch', file, '--name', first, '--wait'])).code).toBe(0);
      const r = await cli(['launch', file, '--name', second, '--wait']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`hostPort ${port}/tcp on 127.0.0.1 is already taken on this host — held by pod ${first}`);
      const m = await inspect(second);
      expect(m.phase).toBe('Pending');
      expect(m.conflicts).toHaveLength(1);
      expect(m.conflicts[0]).toMatchObject({ kind: 'host-port', port, protocol: 'tcp', holder: { pod: first }, victim: { pod: second } });
      // The engine's own wording (Docker: "port is already allocated"; Podman: "cannot listen on the TCP port: …"; on a
      // CRI runtime podlab's check in Docker's words, since CNI portmap would not refuse).
      const err = await conn.runtime.sandboxes.start(m.sandbox!.id).then(() => null, (e: unknown) => e);
      expect(err, 'starting the second sandbox again must fail').not.toBeNull();
      expect(parseHostPortError(engineErrorInfo(err).message), engineErrorInfo(err).message).toMatchObject({ hostPort: port, hostIp: '127.0.0.1' });
    });

    it('starts a Pending pod once the pod holding its hostPort is removed (the restart manager, like the scheduler)', async ({ expect }) => {
      const port = await freePort();
      const [first, second] = [name('sched-a'), name('sched-b')];
      const file = tmp.write(`${first}.yaml`, hostPortManifest(first, port));
      expect((await cli(['launch', file, '--name', first, '--wait'])).code).toBe(0);
      expect((await cli(['launch', file, '--name', second, '--wait'])).code).toBe(3);
      const engine = await PodlabEngine.connect(eng.env);
      try {
        const live = await engine.startLive();
        expect(live.pods.find((p) => p.name === second)?.phase).toBe('Pending');
        // The live model (what the UI's Debug button reads) names the image a debug container runs, after its resync.
        expect(live.debugImage).toBe(eng.env.PODLAB_DEMO_IMAGE);
        await engine.removePod(first);
        // Podman records no start error: its Pending sandbox is recognised once it stayed created UNRECORDED_START_MS.
        const running = await until(async () => {
          const m = await engine.getModel({ pods: [second] });
          const p = m.pods.find((x) => x.name === second);
          return p?.phase === 'Running' && p.containers.some((c) => c.name === 'web' && c.state === 'running') ? p : null;
        }, 60_000, 250, `${second} to run`);
        expect(running.sandbox?.state).toBe('running');
      } finally {
        await engine.close();
      }
    });

    it('tries a container that cannot start again with back-off, as a kubelet does: RunContainerError, then CrashLoopBackOff', async ({ expect }) => {
      const pod = name('nostart');
      const file = tmp.write(`${pod}.yaml`, podManifest(pod, [{ name: 'web', command: ['httpd', '-f', '-p', '80', '-h', '/'] }, { name: 'broken', command: ['/nonexistent'] }]));
      const r = await cli(['launch', file, '--wait', '--json']);
      expect(r.code, r.stderr).toBe(3);
      // Docker keeps the start's error on the container (still `created`), containerd reports it exited (StartError);
      // Podman keeps nothing: its container is taken as failed once it has stayed created 10 s while the sandbox runs.
      const recorded = backend.name !== 'podman';
      const broken = (m: PodModel): ContainerModel => m.containers.find((c) => c.name === 'broken')!;
      expect(broken(JSON.parse(r.stdout) as PodModel)).toMatchObject({ reason: recorded ? 'RunContainerError' : 'ContainerCreating', restartCount: 0 });
      const failed = await until(async () => {
        const b = broken(await inspect(pod));
        return b.reason === 'RunContainerError' ? b : null;
      }, 20_000, 500, `${pod}'s broken container to show RunContainerError`);
      expect(failed.message).toContain(recorded ? '/nonexistent' : 'recorded no reason');
      // kubectl describe's event for it: Warning Failed "Error: <the runtime's words>".
      const event = ((await inspect(pod)).events ?? []).find((e) => e.reason === 'Failed' && e.container === 'broken');
      expect(event?.type).toBe('Warning');
      expect(event?.message).toMatch(recorded ? /^Error: .*\/nonexistent/ : /recorded no reason/);
      // The restart manager of a live podlab (this pod only: the other tests' pods on this engine are theirs). A failed
      // start sends no engine event: it finds each one by itself, and backs off 1 s, 2 s, 4 s… (PODLAB_BACKOFF_BASE_MS).
      const engine = await PodlabEngine.connect({ ...eng.env, PODLAB_KUBELET_ONLY: pod });
      try {
        await engine.startLive();
        const looping = await until(async () => {
          const p = (await engine.getModel({ pods: [pod] })).pods.find((x) => x.name === pod);
          const b = p && broken(p);
          return b && b.restartCount >= 2 && (!recorded || b.reason === 'CrashLoopBackOff') ? p : null;
        }, 60_000, 250, `${pod}'s broken container to be tried twice more`);
        if (recorded) expect(broken(looping).nextRestartAt, 'when the kubelet tries it next').toBeTruthy();
        // Docker keeps the error on every attempt (containerd may show an attempt exited 128 before its message is set).
        if (backend.name === 'docker') expect(broken(looping).message).toContain('/nonexistent');
        // The pod's other container runs on, untouched; one attempt before the current one is kept (logs --previous).
        expect(looping.containers.find((c) => c.name === 'web')).toMatchObject({ state: 'running', restartCount: 0 });
        const attempts = await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${pod}`, `${LABEL_CONTAINER}=broken`] });
        expect(attempts.length).toBeLessThanOrEqual(2);
      } finally {
        await engine.close();
      }
    });

    it('watch sees a pod launched after it started, through the engine\'s events', async ({ expect }) => {
      const w = startWatch(eng.env);
      let stderr = '';
      w.child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      try {
        await until(() => w.lines.some((l) => l.type === 'engine'), 30_000, 100, 'watch to start').catch((e: unknown) => {
          throw new Error(`${String(e)}; watch said: ${stderr}`);
        });
        const pod = name('watched');
        expect((await cli(['launch', 'web-sidecar', '--name', pod, '--wait'])).code).toBe(0);
        const seen = await until(() => w.lines.find((l) => l.type === 'pod' && l.pod === pod), 20_000, 100, `a watch line for ${pod}`);
        expect(seen).toMatchObject({ type: 'pod', pod });
        await until(() => w.lines.find((l) => l.type === 'container' && l.pod === pod && l.container === 'web' && l.state === 'running'), 20_000, 100, 'web running');
      } finally {
        w.child.kill('SIGTERM');
      }
    });

    it('names the bridge in the snapshot as the kernel has it (never another engine\'s docker0)', async ({ expect }) => {
      const pod = name('snap');
      expect((await cli(['launch', 'web-sidecar', '--name', pod, '--wait'])).code).toBe(0);
      const r = await cli(['snapshot', '--pod', pod]);
      expect(r.code, r.stderr).toBe(0);
      const snap = JSON.parse(r.stdout) as Snapshot;
      const m = snap.pods.find((p) => p.name === pod)!;
      const truth = bridgeOfPod(m.sandbox!.pid);
      expect(truth.bridge).toBe(eng.bridge);
      expect(m.hostVeth).toBe(truth.veth);
      expect(snap.host.veths.find((v) => v.name === truth.veth)).toMatchObject({ bridge: truth.bridge, pod });
      const bridge = snap.host.bridges.find((b) => b.name === truth.bridge);
      expect(bridge, JSON.stringify(snap.host.bridges)).toBeDefined();
      expect(bridge!.ifindex).toBe(Number(kernel(`/sys/class/net/${truth.bridge}/ifindex`)));
      expect(bridge!.mac).toBe(kernel(`/sys/class/net/${truth.bridge}/address`));
      expect(snap.engine.name).toBe(eng.engineName);
      const sandboxes = await conn.runtime.containers.list({ labels: [`${LABEL_POD}=${pod}`, `${LABEL_ROLE}=sandbox`] });
      expect(sandboxes).toHaveLength(1);
    });
  });
});
