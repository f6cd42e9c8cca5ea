// podlab on a CRI runtime, end to end through the CLI (--runtime-endpoint / CONTAINER_RUNTIME_ENDPOINT) against a
// private containerd with CNI: doctor, a launch the kubelet's way, a hostPort through portmap on 127.0.0.1, a taken
// hostPort leaving the second pod Pending until it is free, a pod-port conflict explained, and a pod podlab did not create shown read-only and left alone.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { freePort, hostPortManifest, podlab, startWatch, tempDir, uniqueName, until } from './helpers';
import { cliContainerd } from './cli-containerd';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const tmp = tempDir();

const cri = cliContainerd('h13');
afterAll(() => tmp.remove());

/** A hostPort pod whose page names it (cri-<name>), as a file for `podlab launch`. */
function hostPortPod(name: string, hostPort: number): string {
  return tmp.write(`${name}.yaml`, hostPortManifest(name, hostPort, ['sh', '-c', `mkdir -p /www && echo cri-${name} > /www/index.html && exec httpd -f -p 80 -h /www`]));
}

async function lsJson(): Promise<PodModel[]> {
  const r = await podlab(['ls', '--json'], { env: cri.env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PodModel[];
}

describe('podlab on a CRI runtime (private containerd + CNI)', () => {
  it('doctor reports the runtime, its readiness, the CNI config and the update source', async () => {
    const r = await podlab(['doctor', '--runtime-endpoint', cri.ctd.endpoint], { env: { PODLAB_CRI_LOG_ROOT: `${cri.ctd.dir}/pods`, PODLAB_CRI_POD_ROOT: `${cri.ctd.dir}/pod-state` } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`each pod's /etc/hosts is written to ${cri.ctd.dir}/pod-state/<uid>/etc-hosts`);
    expect(r.stdout).toMatch(/runtime containerd 1\.\d+\S*, CRI API v1/);
    expect(r.stdout).toContain('RuntimeReady: true');
    expect(r.stdout).toContain('NetworkReady: true');
    expect(r.stdout).toContain(`${cri.ctd.network} (bridge, portmap)`);
    expect(r.stdout).toContain(`pods hang on bridge ${cri.ctd.bridge} (${cri.ctd.subnet}`);
    expect(r.stdout).toContain("updates: event-driven (containerd's event service");
    const none = await podlab(['doctor', '--runtime-endpoint', `unix://${cri.ctd.dir}/nothing.sock`]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('does not exist');
  });

  it('launches a template the kubelet way and reads its network from the kernel', async () => {
    const name = uniqueName('h13-ws');
    const r = await podlab(['launch', 'web-sidecar', '--name', name, '--wait', '--json'], { env: cri.env });
    expect(r.code, r.stderr).toBe(0);
    const pod = JSON.parse(r.stdout) as PodModel;
    expect(pod.managed).toBe(true);
    expect(pod.sandbox?.name).toBe(`k8s_POD_${name}_default_${pod.uid}_0`);
    expect(pod.ip?.startsWith(cri.ctd.subnet.slice(0, -4))).toBe(true);
    expect(pod.containers.map((c) => [c.name, c.state])).toEqual([
      ['web', 'running'],
      ['sidecar', 'running'],
    ]);
    expect(pod.namespaces.net).toMatch(/^net:\[\d+\]$/);
    // The sandbox carries the pod's labels and annotations, as the kubelet's does.
    const [sandbox] = await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': name } });
    expect(sandbox?.labels).toMatchObject({ app: 'web-sidecar', 'io.kubernetes.pod.name': name, 'io.podlab.role': 'sandbox' });
    expect(sandbox?.annotations['podlab.io/title']).toBe('Web server + sidecar on localhost');
    // The host veth from the pod's eth0 iflink is a port of the CNI bridge.
    expect(readFileSync(`/sys/class/net/${pod.hostVeth}/master/uevent`, 'utf8')).toContain(`INTERFACE=${cri.ctd.bridge}`);
    const inspect = await until(
      async () => {
        const i = await podlab(['inspect', name, '--json'], { env: cri.env });
        const p = JSON.parse(i.stdout) as PodModel;
        return p.listening.find((s) => s.port === 80 && s.container === 'web') ? p : null;
      },
      10_000,
      300,
      'web listening on 80',
    );
    expect(inspect.listening.find((s) => s.port === 80)?.process).toBe('httpd');
    // The sidecar's log is the kubelet's CRI log file: it reached web over localhost.
    const logFile = `${cri.ctd.dir}/pods/default_${name}_${pod.uid}/sidecar/0.log`;
    const line = await until(() => readFileSync(logFile, 'utf8').split('\n').find((l) => l.includes('reached web on 127.0.0.1:80')), 15_000, 300, 'the sidecar log line');
    expect(line).toMatch(/^\S+ stdout F sidecar: <h1>hello from podlab<\/h1> \(reached web on 127\.0\.0\.1:80\)$/);
  });

  it('publishes a hostPort through portmap on 127.0.0.1; a second pod asking for it stays Pending until it is free', async () => {
    const hostPort = await freePort();
    const first = uniqueName('h13-hp');
    const r = await podlab(['launch', hostPortPod(first, hostPort), '--wait', '--json'], { env: cri.env });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PodModel).ports).toEqual([{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }]);
    const body = await until(() => fetch(`http://127.0.0.1:${hostPort}/`).then((x) => x.text(), () => null), 10_000, 200, 'the hostPort to answer');
    expect(body.trim()).toBe(`cri-${first}`);
    // As on Docker and as the scheduler's NodePorts filter does: the second pod is Pending, the holder named, nothing
    // of it on the network (no netns, IP, veth or portmap rule: only podlab's stopped record of it).
    const second = uniqueName('c2-hp');
    const r2 = await podlab(['launch', hostPortPod(second, hostPort), '--wait'], { env: cri.env });
    expect(r2.code, r2.stderr).toBe(3);
    expect(r2.stderr).toContain(`hostPort ${hostPort}/tcp on 127.0.0.1 is already taken on this host — held by pod ${first}`);
    expect(r2.stderr).toContain("In Kubernetes the pod would stay Pending: node(s) didn't have free ports for the requested pod ports.");
    const pending = (await lsJson()).find((p) => p.name === second);
    expect(pending).toMatchObject({ phase: 'Pending', ip: null });
    expect(pending?.conflicts).toMatchObject([{ kind: 'host-port', port: hostPort, protocol: 'tcp', holder: { pod: first }, victim: { pod: second } }]);
    const [record] = await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': second } });
    expect(record?.state).toBe('SANDBOX_NOTREADY');
    const recordStatus = await cri.ctd.cri.podSandboxStatus(record!.id, true);
    expect(recordStatus.status?.linux?.namespaces?.options?.network).toBe('NODE');
    expect(await cri.ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': second } })).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${hostPort}/`).then((x) => x.text())).trim()).toBe(`cri-${first}`);

    // The first pod goes: a running podlab (its restart manager, like the scheduler retrying) starts the second.
    expect((await podlab(['rm', first], { env: cri.env })).code).toBe(0);
    const watch = startWatch({ ...cri.env, PODLAB_BACKOFF_BASE_MS: '500' });
    try {
      const running = await until(
        async () => {
          const p = (await lsJson()).find((x) => x.name === second);
          return p?.phase === 'Running' && p.containers[0]?.state === 'running' ? p : null;
        },
        30_000,
        500,
        'the Pending pod to run once its hostPort is free',
      );
      expect(running.conflicts).toEqual([]);
      expect(running.ip?.startsWith(cri.ctd.subnet.slice(0, -4))).toBe(true);
      const answer = await until(() => fetch(`http://127.0.0.1:${hostPort}/`).then((x) => x.text(), () => null), 10_000, 200, 'the second pod on the hostPort');
      expect(answer.trim()).toBe(`cri-${second}`);
      // The record made way for the real sandbox: one sandbox for the pod, ready.
      expect((await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': second } })).map((s) => s.state)).toEqual(['SANDBOX_READY']);
    } finally {
      watch.child.kill('SIGTERM');
    }
  });

  it('exec runs through ExecSync and logs read the kubelet log file; -it and debug say why the CRI cannot', async () => {
    const name = uniqueName('c2-ex');
    expect((await podlab(['launch', 'web-sidecar', '--name', name, '--wait'], { env: cri.env })).code).toBe(0);
    const ex = await podlab(['exec', name, '-c', 'sidecar', '--', 'sh', '-c', 'hostname; echo oops >&2; exit 3'], { env: cri.env });
    expect(ex.code, ex.stderr).toBe(3);
    expect(ex.stdout.trim()).toBe(name);
    expect(ex.stderr).toContain('oops');
    const logs = await until(
      async () => {
        const r = await podlab(['logs', name, '-c', 'sidecar', '--tail', '2', '--timestamps'], { env: cri.env });
        return r.code === 0 && r.stdout.includes('reached web') ? r : null;
      },
      15_000,
      300,
      'the sidecar log through podlab logs',
    );
    expect(logs.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z sidecar: <h1>hello from podlab<\/h1> \(reached web on 127\.0\.0\.1:80\)$/m);
    const tty = await podlab(['exec', name, '-c', 'web', '-it', '--', 'sh'], { env: cri.env });
    expect(tty.code).toBe(1);
    expect(tty.stderr).toContain("The CRI cannot attach stdin or a terminal (exec -i/-t, the app's terminal)");
    expect(tty.stderr).toContain('Run the command without -i/-t');
    const dbg = await podlab(['debug', name, '--image', DEMO, '--', 'sh'], { env: cri.env });
    expect(dbg.code).not.toBe(0);
    expect(dbg.stderr).toContain('The CRI cannot attach to an ephemeral debug container');
  });

  it('explains a pod-port conflict from an added container', async () => {
    const name = uniqueName('h13-pc');
    expect((await podlab(['launch', 'web-sidecar', '--name', name, '--wait'], { env: cri.env })).code).toBe(0);
    const r = await podlab(['add', name, 'web-2', '--image', DEMO, '--port', '80', '--wait', '--', 'httpd', '-f', '-p', '80'], { env: cri.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/web-2 exited \(1\): port 80\/tcp is already in use in this pod's network namespace net:\[\d+\] — held by container web \(httpd, pid \d+\)/);
  });

  it('restarts like the kubelet on the CRI: a dead sandbox is re-created (SandboxChanged, attempt 1) by a running podlab', async () => {
    const name = uniqueName('h13-sc');
    const r = await podlab(['launch', 'web-sidecar', '--name', name, '--wait', '--json'], { env: cri.env });
    expect(r.code, r.stderr).toBe(0);
    const before = JSON.parse(r.stdout) as PodModel;
    const watch = startWatch({ ...cri.env });
    try {
      await until(() => watch.lines.some((l) => l.type === 'pod' && l.pod === name), 15_000, 200, 'watch to report the pod');
      process.kill(before.sandbox!.pid, 'SIGKILL');
      const after = await until(
        async () => {
          const p = JSON.parse((await podlab(['inspect', name, '--json'], { env: cri.env })).stdout) as PodModel;
          return p.sandbox?.attempt === 1 && p.phase === 'Running' && p.containers.every((c) => c.state === 'running' && c.namespaces.net === p.namespaces.net) ? p : null;
        },
        30_000,
        500,
        'the re-created sandbox with both containers in its netns',
      );
      expect(after.sandbox?.name).toBe(`k8s_POD_${name}_default_${before.uid}_1`);
      expect(after.namespaces.net).not.toBe(before.namespaces.net);
    } finally {
      watch.child.kill('SIGTERM');
    }
  });

  it("shows a pod podlab did not create read-only, and rm --all leaves it alone", async () => {
    const { sandboxId, containerId } = await cri.ctd.runKubeletPod(
      { name: 'h13-kube', namespace: 'kube-system', uid: 'h13-kube-uid' },
      { name: 'agent', image: DEMO, command: ['sh', '-c', 'exec httpd -f -p 9100 -h /'] },
    );
    const agent = containerId!;
    const observed = (await lsJson()).find((p) => p.name === 'kube-system/h13-kube');
    expect(observed).toMatchObject({ managed: false, namespace: 'kube-system', phase: 'Running' });
    expect(observed?.containers.map((c) => [c.name, c.state])).toEqual([['agent', 'running']]);
    expect(observed?.ip?.startsWith(cri.ctd.subnet.slice(0, -4))).toBe(true);
    expect((await lsJson()).filter((p) => p.managed).length).toBeGreaterThan(0);

    const rmOne = await podlab(['rm', 'kube-system/h13-kube'], { env: cri.env });
    expect(rmOne.code).toBe(2);
    expect(rmOne.stderr).toContain("not podlab's pod");
    const rmAll = await podlab(['rm', '--all'], { env: cri.env });
    expect(rmAll.code, rmAll.stderr).toBe(0);
    expect(rmAll.stdout).not.toContain('h13-kube');
    const after = await lsJson();
    expect(after.map((p) => [p.name, p.managed])).toEqual([['kube-system/h13-kube', false]]);
    expect((await cri.ctd.cri.containerStatus(agent, false)).status?.state).toBe('CONTAINER_RUNNING');
    expect((await cri.ctd.cri.podSandboxStatus(sandboxId, false)).status?.state).toBe('SANDBOX_READY');
  });
});
