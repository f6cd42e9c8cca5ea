// bin/podlab launch/add/rm/templates/doctor on the real engine: every template launches with the exit codes of
// docs/contract.md, bad input creates nothing (exit 2), rm leaves nothing and never touches unlabelled containers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, appByName, cleanupPods, docker, ensureCliBuilt, podContainerIds, podContainers, podlab, randomHostPort, tempDir, uniqueName } from './helpers';

const created = new Set<string>();
const tmp = tempDir();
const demo = process.env.PODLAB_DEMO_IMAGE ?? '';

function name(prefix: string): string {
  const n = uniqueName(prefix);
  created.add(n);
  return n;
}

/** The hostport-clash template as a file, on a random loopback port (other tests share the engine and 8080). */
function clashFile(port: number): string {
  const text = readFileSync(join(ROOT, 'templates', 'hostport-clash.yaml'), 'utf8').replace('hostPort: 8080', `hostPort: ${port}`).replace(/image: busybox/g, `image: "${demo}"`);
  return tmp.write(`clash-${port}.yaml`, text);
}

beforeAll(() => ensureCliBuilt());
afterAll(() => {
  cleanupPods(created);
  tmp.remove();
});

describe('podlab launch', () => {
  it.each([
    ['web-sidecar', 0],
    ['multi-port', 0],
    ['tcp-udp', 0],
    ['port-conflict', 3],
  ])('%s --wait exits %i and its JSON is the pod plus warnings', async (template, code) => {
    const pod = name(`h1-c-${template}`);
    const r = await podlab(['launch', template, '--name', pod, '--wait', '--json']);
    expect(r.code, r.stderr).toBe(code);
    const out = JSON.parse(r.stdout) as { name: string; warnings: string[]; containers: { name: string; state: string }[]; sandbox: { state: string } };
    expect(out.name).toBe(pod);
    expect(out.sandbox.state).toBe('running');
    expect(out.containers.length).toBe(podContainers(pod).apps.length);
    if (template === 'port-conflict') {
      expect(out.warnings[0]).toBe('spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]');
      expect(out.warnings.slice(1)).toEqual([expect.stringMatching(/^podlab predicts: web-2 and web will both listen on 80\/tcp/)]);
      expect(r.stderr).toContain('Warning: spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]');
      expect(r.stderr).toMatch(/web-2/);
      expect(out.containers.find((c) => c.name === 'web-2')?.state).toBe('exited');
    } else {
      expect(out.warnings).toEqual([]);
      expect(out.containers.every((c) => c.state === 'running')).toBe(true);
    }
  });

  it('hostport-clash twice: the first runs (0), the second exits 3 and its sandbox stays created', async () => {
    const file = clashFile(randomHostPort());
    const a = name('h1-c-clash');
    const b = name('h1-c-clash');
    const first = await podlab(['launch', file, '--name', a, '--wait']);
    expect(first.code, first.stderr).toBe(0);
    const second = await podlab(['launch', file, '--name', b, '--wait']);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toMatch(/created but not everything runs/);
    const { sandbox, apps } = podContainers(b);
    expect(sandbox?.State.Status).toBe('created');
    expect(apps).toHaveLength(0);
  });

  it('a container that cannot start keeps the pod (exit 3) and says why', async () => {
    const pod = name('h1-c-nocmd');
    const file = tmp.write('nocmd.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}}\nspec:\n  containers:\n  - {name: web, image: "${demo}", command: [httpd, -f, -p, "80", -h, /www]}\n  - {name: bad, image: "${demo}", command: [/no/such/binary]}\n`);
    const r = await podlab(['launch', file, '--wait']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad is created — it could not start \(RunContainerError\): .*no\/such\/binary/);
    expect(appByName(pod, 'bad')?.State.Status).toBe('created');
    expect(appByName(pod, 'web')?.State.Status).toBe('running');
  });

  it('an existing --name exits 2 and creates nothing more', async () => {
    const pod = name('h1-c-dup');
    expect((await podlab(['launch', 'tcp-udp', '--name', pod])).code).toBe(0);
    const before = podContainerIds(pod).sort();
    const again = await podlab(['launch', 'tcp-udp', '--name', pod]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`pod ${pod} already exists`);
    expect(podContainerIds(pod).sort()).toEqual(before);
  });

  it('bad input exits 2 and creates nothing', async () => {
    const pod = name('h1-c-bad');
    const bad = tmp.write('bad.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}}\nspec:\n  volumes: []\n  containers: [{name: Web, image: "${demo}", ports: [{containerPort: 0}]}]\n`);
    const r = await podlab(['launch', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing was created');
    expect(r.stderr).toContain('spec.volumes: not supported by podlab: spec.volumes');
    expect(r.stderr).toContain('spec.containers[0].name: Invalid value: "Web"');
    expect(r.stderr).toContain('spec.containers[0].ports[0].containerPort: Invalid value: 0');
    expect(podContainerIds(pod)).toEqual([]);
    const dupHost = tmp.write('duphost.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}}\nspec:\n  containers:\n  - {name: a, image: "${demo}", ports: [{containerPort: 80, hostPort: 8080}]}\n  - {name: b, image: "${demo}", ports: [{containerPort: 81, hostPort: 8080}]}\n`);
    const d = await podlab(['launch', dupHost]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"');
    expect((await podlab(['launch', 'no-such-template'])).code).toBe(2);
    expect((await podlab(['launch', 'web-sidecar', '--name', 'Not_Valid'])).code).toBe(2);
    expect((await podlab(['launch', 'web-sidecar', '--bogus'])).code).toBe(2);
    expect(podContainerIds(pod)).toEqual([]);
    expect(podContainerIds('Not_Valid')).toEqual([]);
  });
});

describe('podlab add, rm, templates, doctor', () => {
  it('add joins a container to a running pod; a taken port makes it exit 3; unknown pod exits 2', async () => {
    const pod = name('h1-c-add');
    expect((await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'])).code).toBe(0);
    const ok = await podlab(['add', pod, 'api', '--image', demo, '--port', '8080/tcp', '--wait', '--', 'httpd', '-f', '-p', '8080', '-h', '/www']);
    expect(ok.code, ok.stderr).toBe(0);
    const api = appByName(pod, 'api');
    expect(api?.HostConfig.NetworkMode).toBe(`container:${podContainers(pod).sandbox?.Id}`);
    expect(JSON.parse(api?.Config.Labels['io.podlab.spec'] ?? '{}')).toMatchObject({ name: 'api', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    expect(docker(['exec', api?.Id ?? '', 'wget', '-qO-', 'http://127.0.0.1:8080/'])).toContain('hello from podlab');
    const clash = await podlab(['add', pod, 'web-2', '--image', demo, '--port', '80', '--wait', '--json', '--', 'httpd', '-f', '-p', '80', '-h', '/www']);
    expect(clash.code, clash.stderr).toBe(3);
    expect((JSON.parse(clash.stdout) as { containers: { name: string; state: string }[] }).containers.find((c) => c.name === 'web-2')?.state).toBe('exited');
    const unknown = await podlab(['add', uniqueName('h1-none'), 'x', '--image', demo]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown pod/);
    expect((await podlab(['add', pod, 'x'])).code).toBe(2); // --image missing
  });

  it('rm removes everything of the pod, exits 2 for unknown pods, never touches unlabelled containers', async () => {
    const pod = name('h1-c-rm');
    expect((await podlab(['launch', 'multi-port', '--name', pod])).code).toBe(0);
    expect(podContainerIds(pod).length).toBe(4);
    const plain = uniqueName('h1-c-plain');
    try {
      docker(['create', '--name', plain, process.env.PODLAB_PAUSE_IMAGE ?? '']);
      const r = await podlab(['rm', pod, plain]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`unknown pod: ${plain}`);
      expect(podContainerIds(pod)).toEqual([]);
      expect(docker(['inspect', '-f', '{{.State.Status}}', plain])).toBe('created');
    } finally {
      docker(['rm', '-f', plain]);
    }
    expect((await podlab(['rm'])).code).toBe(2);
  });

  it('templates lists the five lessons; doctor is healthy here', async () => {
    const t = await podlab(['templates', '--json']);
    expect(t.code).toBe(0);
    expect((JSON.parse(t.stdout) as { name: string; manifest: string }[]).map((x) => x.name).slice(0, 5)).toEqual(['web-sidecar', 'port-conflict', 'hostport-clash', 'multi-port', 'tcp-udp']);
    const d = await podlab(['doctor']);
    expect(d.code, d.stdout).toBe(0);
    expect(d.stdout).toMatch(/engine endpoint unix:\/\/|engine endpoint tcp:\/\//);
    expect(d.stdout).toContain(`${process.env.PODLAB_PAUSE_IMAGE} is present locally`);
    const none = await podlab(['doctor'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('unix:///nonexistent/docker.sock');
  });

  it('launch with no engine behind the socket (the file exists, nobody listens): exit 1, what was tried, nothing created', async () => {
    const tmp = tempDir();
    try {
      // Connecting to a path that is not a listening socket is refused, like a socket file left by a stopped engine.
      const sock = tmp.write('stale.sock', '');
      const name = uniqueName('h1-stale');
      const r = await podlab(['launch', 'web-sidecar', '--name', name], { env: { DOCKER_HOST: `unix://${sock}` } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('No Docker engine answered');
      expect(r.stderr).toContain(`unix://${sock}: connection refused`);
      expect(podContainerIds(name)).toEqual([]);
    } finally {
      tmp.remove();
    }
  });
});
