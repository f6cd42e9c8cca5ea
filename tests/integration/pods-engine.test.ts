// The pod engine on the real Docker engine: pods built the kubelet's way (joined namespaces, ports only on the
// sandbox), hostPort clashes left Pending, add/stop/start/kill, rediscovery from a fresh connection, the label guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import { discoverPodByIds, discoverPods } from '../../electron/engine/pods/discover';
import { addContainer, containerAction, killSandbox, launchPod, removePods } from '../../electron/engine/pods/lifecycle';
import { UnknownPodError } from '../../electron/engine/pods/errors';
import { templateManifest } from '../../electron/engine/templates';
import { parseManifest } from '../../shared/manifest/parse';
import type { PodSpec } from '../../shared/manifest/types';
import { appByName, docker, logs, netnsOf, podContainers, randomHostPort, cleanupPods, uniqueName, until } from './helpers';

const created = new Set<string>();
let conn: EngineConnection;

async function templateSpec(name: string, podName: string, hostPort?: number): Promise<PodSpec> {
  let text = (await templateManifest(name)) ?? '';
  if (hostPort) text = text.replace(/hostPort: 8080/g, `hostPort: ${hostPort}`);
  const r = parseManifest(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  created.add(podName);
  return { ...r.pod, name: podName };
}

beforeAll(async () => {
  conn = await connectEngine();
});

afterAll(() => {
  cleanupPods(created);
});

describe('launchPod builds pods the way the kubelet does', () => {
  it('web-sidecar: sandbox + joined apps sharing one netns; the sidecar reaches web on localhost', async () => {
    const name = uniqueName('h1-ws');
    expect(await launchPod(conn, await templateSpec('web-sidecar', name), { wait: true })).toBe(name);
    const { sandbox, apps } = podContainers(name);
    expect(sandbox).toBeDefined();
    if (!sandbox) return;
    const uid = sandbox.Config.Labels['io.podlab.uid'];
    expect(sandbox.Name).toBe(`/k8s_POD_${name}_default_${uid}_0`);
    expect(sandbox.State.Status).toBe('running');
    expect(sandbox.HostConfig.IpcMode).toBe('shareable');
    expect(sandbox.HostConfig.NetworkMode).toBe('bridge');
    expect(sandbox.Config.Hostname).toBe(name);
    expect(sandbox.Config.Labels['io.podlab.attempt']).toBe('0');
    expect(JSON.parse(sandbox.Config.Labels['io.podlab.manifest']).metadata.name).toBe(name);
    expect(apps.map((a) => a.Config.Labels['io.podlab.container']).sort()).toEqual(['sidecar', 'web']);
    for (const a of apps) {
      const ctr = a.Config.Labels['io.podlab.container'];
      expect(a.Name).toBe(`/k8s_${ctr}_${name}_default_${uid}_0`);
      expect(a.State.Status).toBe('running');
      expect(a.HostConfig.NetworkMode).toBe(`container:${sandbox.Id}`);
      expect(a.HostConfig.IpcMode).toBe(`container:${sandbox.Id}`);
      expect(a.HostConfig.PidMode).toBe('');
      expect(a.Config.Hostname).toBe(name); // Docker copies the sandbox's hostname
      expect(netnsOf(a.State.Pid)).toBe(netnsOf(sandbox.State.Pid));
    }
    expect(new Set([sandbox, ...apps].map((c) => netnsOf(c.State.Pid))).size).toBe(1);
    const sidecar = apps.find((a) => a.Config.Labels['io.podlab.container'] === 'sidecar');
    const sidecarLog = await until(() => {
      const l = logs(sidecar?.Id ?? '');
      return l.includes('hello from podlab') ? l : null;
    }, 15_000);
    expect(sidecarLog).toMatch(/sidecar: <h1>hello from podlab<\/h1> \(reached web on 127.0.0.1:80\)/);
    expect(docker(['exec', sidecar?.Id ?? '', 'wget', '-qO-', 'http://127.0.0.1:80/'])).toContain('hello from podlab');
  });

  it('only the sandbox publishes ports (PortBindings from hostPort, hostIP kept)', async () => {
    const name = uniqueName('h1-hp');
    const port = randomHostPort();
    await launchPod(conn, await templateSpec('hostport-clash', name, port), { wait: true });
    const { sandbox, apps } = podContainers(name);
    expect(sandbox?.State.Status).toBe('running');
    expect(sandbox?.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
    expect(Object.keys(sandbox?.Config.ExposedPorts ?? {})).toEqual(['80/tcp']);
    expect(apps).toHaveLength(1);
    expect(apps[0].HostConfig.PortBindings ?? {}).toEqual({});
    expect(apps[0].Config.ExposedPorts ?? {}).toEqual({});
    expect(docker(['port', sandbox?.Id ?? ''])).toContain(`127.0.0.1:${port}`);
  });

  it('hostPort clash: the second pod takes <name>-2, its sandbox stays created and no app is created', async () => {
    const base = uniqueName('h1-clash');
    const port = randomHostPort();
    const spec = await templateSpec('hostport-clash', base, port);
    created.add(`${base}-2`);
    expect(await launchPod(conn, spec, { autoName: true, wait: true })).toBe(base);
    expect(await launchPod(conn, spec, { autoName: true, wait: true })).toBe(`${base}-2`);
    const second = podContainers(`${base}-2`);
    expect(second.sandbox?.State.Status).toBe('created');
    expect(second.apps).toHaveLength(0);
    expect(podContainers(base).sandbox?.State.Status).toBe('running');
    await expect(launchPod(conn, spec)).rejects.toThrow(`pod ${base} already exists`);
  });

  it('port-conflict: the second server exits 1 with "Address already in use"', async () => {
    const name = uniqueName('h1-pc');
    await launchPod(conn, await templateSpec('port-conflict', name), { wait: true });
    const web = appByName(name, 'web');
    const web2 = appByName(name, 'web-2');
    expect(web?.State.Status).toBe('running');
    expect(web2?.State.Status).toBe('exited');
    expect(web2?.State.ExitCode).toBe(1);
    expect(logs(web2?.Id ?? '')).toMatch(/Address already in use/);
  });

  it('multi-port and tcp-udp: every server runs', async () => {
    for (const t of ['multi-port', 'tcp-udp']) {
      const name = uniqueName(`h1-${t}`);
      await launchPod(conn, await templateSpec(t, name), { wait: true });
      const { apps } = podContainers(name);
      expect(apps.map((a) => `${a.Config.Labels['io.podlab.container']}:${a.State.Status}`).sort(), t).toEqual(
        apps.map((a) => `${a.Config.Labels['io.podlab.container']}:running`).sort(),
      );
    }
  });

  it('shareProcessNamespace joins the sandbox PID namespace too', async () => {
    const name = uniqueName('h1-pid');
    created.add(name);
    const r = parseManifest(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  shareProcessNamespace: true\n  containers:\n  - {name: a, image: "${process.env.PODLAB_DEMO_IMAGE}", command: [sleep, "600"]}\n`,
    );
    if (!r.ok) throw new Error('bad test manifest');
    await launchPod(conn, r.pod, { wait: true });
    const { sandbox, apps } = podContainers(name);
    expect(apps[0].HostConfig.PidMode).toBe(`container:${sandbox?.Id}`);
    expect(docker(['exec', apps[0].Id, 'ps'])).toContain('/pause');
  });

  it('a missing image that cannot be pulled names the image and creates nothing', async () => {
    const name = uniqueName('h1-pull');
    created.add(name);
    const r = parseManifest(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - {name: a, image: "127.0.0.1:1/podlab-none:never"}\n`);
    if (!r.ok) throw new Error('bad test manifest');
    const err = await launchPod(conn, r.pod).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/could not pull image 127.0.0.1:1\/podlab-none:never[\s\S]*PODLAB_DEMO_IMAGE/);
    expect(podContainers(name).all).toHaveLength(0);
  });
});

describe('pods after launch', () => {
  it('add joins a new container; stop/start; kill the sandbox; a fresh connection rediscovers the whole spec', async () => {
    const name = uniqueName('h1-life');
    const spec = await templateSpec('web-sidecar', name);
    await launchPod(conn, spec, { wait: true });
    await addContainer(conn, name, { name: 'web-2', image: process.env.PODLAB_DEMO_IMAGE ?? '', command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80, protocol: 'tcp' }] }, { wait: true });
    const { sandbox } = podContainers(name);
    const added = appByName(name, 'web-2');
    expect(added?.HostConfig.NetworkMode).toBe(`container:${sandbox?.Id}`);
    expect(added?.State.Status).toBe('exited'); // port 80 is web's: the conflict, live
    expect(added?.Config.Labels['io.podlab.uid']).toBe(sandbox?.Config.Labels['io.podlab.uid']);

    const fresh = await connectEngine();
    const [raw] = await discoverPods(fresh.runtime, [name]);
    expect(raw.name).toBe(name);
    expect(raw.sandbox?.id).toBe(sandbox?.Id);
    expect(raw.apps.map((a) => a.labels['io.podlab.container'])).toEqual(['web', 'sidecar', 'web-2']);
    expect(raw.spec).toEqual({
      ...spec,
      annotations: undefined,
      containers: [...spec.containers, { name: 'web-2', image: process.env.PODLAB_DEMO_IMAGE, command: ['httpd', '-f', '-p', '80', '-h', '/www'], ports: [{ containerPort: 80, protocol: 'tcp' }] }],
    });
    expect((await discoverPods(fresh.runtime)).some((p) => p.name === name)).toBe(true);

    await containerAction(conn, name, 'sidecar', 'stop');
    expect(appByName(name, 'sidecar')?.State.Status).toBe('exited');
    await containerAction(conn, name, 'sidecar', 'start');
    expect(appByName(name, 'sidecar')?.State.Status).toBe('running');

    await killSandbox(conn, name);
    expect(podContainers(name).sandbox?.State.Status).toBe('exited');
    expect(appByName(name, 'web')?.State.Status).toBe('running'); // stranded with only lo
    await expect(containerAction(conn, name, 'sidecar', 'restart')).rejects.toThrow(/sandbox of pod .* is not running/);
    await expect(addContainer(conn, name, { name: 'late', image: 'x', ports: [] })).rejects.toThrow(/can only join a running sandbox/);

    await removePods(conn, [name]);
    expect(podContainers(name).all).toHaveLength(0);
  });

  it('never touches a container without podlab labels, even with the same name', async () => {
    const name = uniqueName('h1-guard');
    try {
      docker(['create', '--name', name, '--label', 'io.podlab.test-guard=1', process.env.PODLAB_PAUSE_IMAGE ?? '']);
      await expect(removePods(conn, [name])).rejects.toBeInstanceOf(UnknownPodError);
      expect(docker(['inspect', '-f', '{{.Name}}', name])).toBe(`/${name}`);
      expect((await discoverPods(conn.runtime)).some((p) => p.name === name)).toBe(false);
    } finally {
      docker(['rm', '-f', name]);
    }
  });
});

describe('connectEngine', () => {
  it('pings the engine; describes it (version, API, OS) unless told not to, as `podlab launch` does', async () => {
    const quick = await connectEngine(process.env, { describe: false });
    expect(quick).toMatchObject({ endpoint: conn.endpoint, version: '', apiVersion: '', os: '' });
    expect((await quick.docker!.listContainers({ limit: 1 })).length).toBeGreaterThanOrEqual(0);
    const full = await connectEngine();
    expect(full.version).toBe(docker(['version', '--format', '{{.Server.Version}}']));
    expect(full.apiVersion).toMatch(/^\d+\.\d+$/);
    expect(full.os).toBe('linux');
  });

  it('an engine that does not answer: every endpoint tried is named, with the reason', async () => {
    const err = await connectEngine({ DOCKER_HOST: 'unix:///nonexistent/podlab-test.sock' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('unix:///nonexistent/podlab-test.sock: no such socket');
    expect((err as Error).message).toContain('DOCKER_HOST');
  });
});

describe('discoverPodByIds', () => {
  it('the pod from its container ids (what a launch knows) equals the pod found by listing; foreign ids are left out', async () => {
    const name = uniqueName('h1-ids');
    const other = uniqueName('h1-ids-other');
    await launchPod(conn, await templateSpec('web-sidecar', name), { wait: true });
    await launchPod(conn, await templateSpec('web-sidecar', other), { wait: true });
    const ids = [podContainers(name).sandbox!.Id, ...podContainers(name).apps.map((a) => a.Id)];
    const foreign = podContainers(other).sandbox!.Id;
    const [listed] = await discoverPods(conn.runtime, [name]);
    const byIds = await discoverPodByIds(conn.runtime, name, [...ids.reverse(), foreign, 'no-such-container']);
    expect(byIds).toEqual(listed);
    expect(byIds.apps.map((a) => a.labels['io.podlab.container'])).toEqual(['web', 'sidecar']);
  });
});
