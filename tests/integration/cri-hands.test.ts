// exec and debug on a CRI runtime through its streaming server (a private containerd's stream_server on 127.0.0.1):
// large output streams back whole (the exit code: cri-cli.test.ts), -it and -t run the same bodies as on Docker (hands-bodies.ts), exec -i without a
// TTY passes stdin to its EOF (over SPDY), and a debug container joins the pod's netns and its target's PID namespace, takes
// stdin to its end, attaches with a TTY, shows in the pod and goes with it.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { readContainerInfo, readSandboxInfo } from '../../electron/engine/cri/verbose';
import { PODLAB, ROOT, netnsOf, podlab, uniqueName } from './helpers';
import { cliContainerd } from './cli-containerd';
import { debugLargeStdin, debugPlainOutput, debugTtyOutput, execStdin, execTtyExitCode, execTtyResize } from './hands-bodies';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const cri = cliContainerd('c13');
let web = '';

beforeAll(async () => {
  web = uniqueName('c13-ws');
  const r = await podlab(['launch', 'web-sidecar', '--name', web, '--wait'], { env: cri.env });
  expect(r.code, r.stderr).toBe(0);
});

/** The pod's sandbox and its containers as the CRI lists them. */
async function criPod(pod: string): Promise<{ sandboxPid: number; containers: { id: string; labels: Record<string, string>; state: string }[] }> {
  const [sandbox] = await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': pod } });
  const pid = sandbox ? readSandboxInfo((await cri.ctd.cri.podSandboxStatus(sandbox.id, true)).info).pid : null;
  return { sandboxPid: pid ?? 0, containers: await cri.ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': pod } }) };
}

describe('exec on the CRI (streaming Exec)', () => {
  it('large interleaved stdout and stderr arrive whole, each on its own stream', async () => {
    const r = await podlab(['exec', web, '-c', 'web', '--', 'sh', '-c', 'yes out | head -n 60000 & yes err | head -n 40000 >&2; wait'], { env: cri.env });
    expect(r.code, r.stderr.slice(0, 200)).toBe(0);
    expect(r.stdout).toBe('out\n'.repeat(60000));
    expect(r.stderr).toBe('err\n'.repeat(40000));
  });

  it('-it through a pseudo-terminal: TTY, keys and the exit code', () => {
    execTtyExitCode(web, 'sidecar', { env: cri.env });
  });

  it('-t: the first size and a window-size change reach the TTY (resize channel)', async () => {
    await execTtyResize(web, 'web', { env: cri.env });
  });

  it('-i without -t (SPDY): stdin reaches the command, its end is EOF, the exit code comes back, 8 MiB arrives whole', async () => {
    await execStdin(web, 'sidecar', cri.env);
  });
});

describe('debug on the CRI (ephemeral container in the sandbox)', () => {
  it('joins the pod netns (same net:[inode] as the sandbox) and with --target sees its processes', async () => {
    const before = await criPod(web);
    const r = await podlab(['debug', web, '--target', 'web', '--', 'sh', '-c', 'readlink /proc/self/ns/net; ps -o pid,args'], { env: cri.env });
    expect(r.code, r.stderr).toBe(0);
    const [ns, ...ps] = r.stdout.trim().split('\n');
    expect(ns).toBe(netnsOf(before.sandboxPid));
    expect(ps.join('\n')).toContain('httpd -f -p 80');
    // Only the target's PID namespace: the sidecar's processes are not there.
    expect(ps.join('\n')).not.toContain('wget');
    expect(r.stderr).toMatch(/Defaulting debug container name to debugger-[a-z0-9]{5}/);
    const eph = (await criPod(web)).containers.filter((c) => c.labels['io.podlab.role'] === 'ephemeral');
    expect(eph).toHaveLength(1);
    expect(eph[0]!.state).toBe('CONTAINER_EXITED');
    const pod = JSON.parse((await podlab(['inspect', web, '--json'], { env: cri.env })).stdout) as { containers: { name: string }[]; ephemeralContainers: { name: string; id: string; image: string; state: string; target: string }[] };
    expect(pod.containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
    expect(pod.ephemeralContainers).toEqual([expect.objectContaining({ id: eph[0]!.id, state: 'exited', target: 'web', name: eph[0]!.labels['io.podlab.ephemeral'] })]);
    // The node view maps crictl's row to the pod's ephemeral container, and inspect lists it, as on Docker.
    const node = JSON.parse((await podlab(['node', '--json'], { env: cri.env })).stdout) as { rows: { id: string; model: unknown }[] };
    const row = node.rows.find((x) => eph[0]!.id.startsWith(x.id));
    expect(row?.model).toEqual({ kind: 'ephemeral', pod: web, container: eph[0]!.labels['io.podlab.ephemeral'] });
    const text = await podlab(['inspect', web], { env: cri.env });
    expect(text.stdout).toMatch(new RegExp(`Ephemeral containers:\\n\\s+${eph[0]!.labels['io.podlab.ephemeral']}`));
    // The same sandbox: the runtime put it in the pod.
    const info = readContainerInfo((await cri.ctd.cri.containerStatus(eph[0]!.id, true)).info);
    const [sandbox] = await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': web } });
    expect(info.sandboxId).toBe(sandbox!.id);
  });

  it('-i: stdin reaches the debug container and its end is EOF; the exit code comes back', async () => {
    const r = await podlab(['debug', web, '-i', '--', 'sh', '-c', 'while read x; do echo "got $x"; done; echo eof; exit 3'], { env: cri.env, input: 'one\ntwo\n' });
    expect(r).toMatchObject({ code: 3, stdout: 'got one\ngot two\neof\n' });
  });

  it('-i with 8 MiB of piped stdin: every byte arrives, then EOF', async () => {
    await debugLargeStdin(web, cri.env);
  });

  it('without -i/-t: stdout and stderr apart from its log, a last line without newline kept, the exit code', async () => {
    await debugPlainOutput(web, cri.env);
  });

  it('-t: the output before the attach (from the log) and after it, and the exit code', () => {
    debugTtyOutput(web, cri.env);
  });

  it('-it through a pseudo-terminal: an attached shell takes keys and gives its exit code', () => {
    const cmd = `(sleep 2; printf 'tty; echo marker-$((6*7)); exit 4\\r'; sleep 3) | script -qec "${PODLAB} debug ${web} -it" /dev/null`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, env: cri.env, encoding: 'utf8', timeout: 40_000 });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.stdout).toContain('marker-42');
    expect(r.status, r.stdout + r.stderr).toBe(4);
  });

  it('a debug container has the pod\'s /etc/hosts, and rm removes it with the pod', async () => {
    const pod = uniqueName('c13-dbg');
    expect((await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { env: cri.env })).code).toBe(0);
    // The debug container has the pod's /etc/hosts too (the kubelet mounts it into every container of the pod).
    const hosts = await podlab(['debug', pod, '--image', DEMO, '--', 'cat', '/etc/hosts'], { env: cri.env });
    expect(hosts.code, hosts.stderr).toBe(0);
    expect(hosts.stdout).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+\\.\\d+\\s+${pod}$`, 'm'));
    expect((await criPod(pod)).containers.map((c) => c.labels['io.podlab.role']).sort()).toEqual(['app', 'app', 'ephemeral']);
    const rm = await podlab(['rm', pod], { env: cri.env });
    expect(rm.code, rm.stderr).toBe(0);
    expect((await criPod(pod)).containers).toEqual([]);
    expect(await cri.ctd.cri.listPodSandbox({ labelSelector: { 'io.podlab.pod': pod } })).toEqual([]);
  });
});
