// podlab logs / debug / prove on the real engine (exec: hands-exec.test.ts, on both of its paths): logs --previous
// reads the attempt the kubelet logic replaced, a debug container shares the pod's netns and sees its target's
// processes, prove shows one IP and the reach matrix, and rm takes the ephemeral containers too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPods, docker, ensureCliBuilt, inspect, netnsOf, podContainerIds, podContainers, podlab, startWatch, tempDir, uniqueName, until } from './helpers';
import { debugLargeStdin, debugPlainOutput, debugTtyOutput } from './hands-bodies';

const created = new Set<string>();
const tmp = tempDir();
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'busybox';
const pause = process.env.PODLAB_PAUSE_IMAGE ?? 'registry.k8s.io/pause:3.10';
let web = '';

function name(prefix: string): string {
  const n = uniqueName(`h11-${prefix}`);
  created.add(n);
  return n;
}

beforeAll(async () => {
  ensureCliBuilt();
  web = name('ws');
  const r = await podlab(['launch', 'web-sidecar', '--name', web, '--wait']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => {
  cleanupPods(created);
  tmp.remove();
});

describe('logs --previous after a CrashLoopBackOff restart, and exec into a container that is not running', () => {
  it('shows the crashed attempt and says why exec is refused', async () => {
    const pod = name('crash');
    // The first restart comes after launch --wait has read the pod back (web-2 fails within ms of its start): a sooner
    // one could show attempt 1 to the launch instead of the failed attempt 0.
    const { child } = startWatch({ ...process.env, PODLAB_BACKOFF_BASE_MS: '2000', PODLAB_BACKOFF_MAX_MS: '4000', PODLAB_KUBELET_ONLY: pod });
    try {
      expect((await podlab(['launch', 'port-conflict', '--name', pod, '--wait'])).code).toBe(3);
      // The live kubelet restarts web-2 as attempt 1: attempt 0 is kept dead for --previous.
      await until(() => podContainers(pod).apps.some((a) => a.Config.Labels['io.podlab.container'] === 'web-2' && a.Config.Labels['io.podlab.attempt'] === '1'), 30_000, 200, 'web-2 attempt 1');
      const prev = await podlab(['logs', pod, '-c', 'web-2', '--previous', '--timestamps']);
      expect(prev.code, prev.stderr).toBe(0);
      expect(prev.stderr + prev.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z .*bind: Address already in use/m);
      const attempts = podContainers(pod).apps.filter((a) => a.Config.Labels['io.podlab.container'] === 'web-2');
      expect(attempts.length).toBeLessThanOrEqual(2); // the newest and one previous, never more
      // web-2 exits at once each time: between attempts it is not running, and exec says so (exit 1).
      const stopped = await until(async () => {
        const r = await podlab(['exec', pod, '-c', 'web-2', '--', 'true']);
        return r.code === 1 ? r : null;
      }, 20_000, 100, 'exec into a stopped web-2');
      expect(stopped.stderr).toMatch(/cannot exec into container web-2 of pod .*: it is not running — exited \(exit 1\), (CrashLoopBackOff|Error)/);
      expect(stopped.stderr).toContain(`podlab logs ${pod} -c web-2`);
      const none = await podlab(['logs', pod, '-c', 'web', '--previous']);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('previous terminated container "web"');
      const tail = await podlab(['logs', pod, '-c', 'web-2', '--tail', '1']);
      expect(tail.code).toBe(0);
      expect((tail.stdout + tail.stderr).trim().split('\n')).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('podlab debug', () => {
  it('joins the pod netns (same net:[inode] as the sandbox in /proc) and with --target sees its processes', async () => {
    const sandboxPid = podContainers(web).sandbox!.State.Pid;
    const r = await podlab(['debug', web, '--target', 'web', '--', 'sh', '-c', 'readlink /proc/self/ns/net; ps -o pid,args']);
    expect(r.code, r.stderr).toBe(0);
    const [ns, ...ps] = r.stdout.trim().split('\n');
    expect(ns).toBe(netnsOf(sandboxPid));
    expect(ps.join('\n')).toContain('httpd -f -p 80');
    expect(r.stderr).toMatch(/Defaulting debug container name to debugger-[a-z0-9]{5}/);
    const eph = podContainers(web).all.filter((c) => c.Config.Labels['io.podlab.role'] === 'ephemeral');
    expect(eph).toHaveLength(1);
    const info = inspect(eph[0]!.Id);
    const sandboxId = podContainers(web).sandbox!.Id;
    expect(info.HostConfig.NetworkMode).toBe(`container:${sandboxId}`);
    expect(info.HostConfig.IpcMode).toBe(`container:${sandboxId}`);
    expect(info.HostConfig.PidMode).toBe(`container:${podContainers(web).apps.find((a) => a.Config.Labels['io.podlab.container'] === 'web')!.Id}`);
    const pod = JSON.parse((await podlab(['inspect', web, '--json'])).stdout) as { containers: { name: string }[]; ephemeralContainers: { name: string; id: string; image: string; state: string; target: string }[] };
    expect(pod.containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
    expect(pod.ephemeralContainers).toEqual([expect.objectContaining({ id: eph[0]!.Id, image: demo, state: 'exited', target: 'web', name: eph[0]!.Config.Labels['io.podlab.ephemeral'] })]);
  });

  it('-i: an interactive debug container gets stdin; its exit code comes back', async () => {
    const r = await podlab(['debug', web, '-i', '--', 'sh', '-c', 'read x; echo "got $x"; exit 3'], { input: 'hi\n' });
    expect(r).toMatchObject({ code: 3, stdout: 'got hi\n' });
  });

  it('-i with 8 MiB of piped stdin: every byte arrives, then EOF', async () => {
    await debugLargeStdin(web);
  });

  it('without -i/-t: stdout and stderr apart, a last line without newline kept, the exit code', async () => {
    await debugPlainOutput(web);
  });

  it('-t: the output in its TTY from the first line, and the exit code', () => {
    debugTtyOutput(web);
  });

  it('a debug container shows in the pod until rm, which removes it with the pod', async () => {
    const pod = name('dbg');
    expect((await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'])).code).toBe(0);
    expect((await podlab(['debug', pod, '--', 'true'])).code).toBe(0);
    expect(podContainerIds(pod)).toHaveLength(4);
    const rm = await podlab(['rm', pod]);
    expect(rm.code, rm.stderr).toBe(0);
    expect(podContainerIds(pod)).toEqual([]);
  });

  it('an unknown --target exits 2 with the choices', async () => {
    const r = await podlab(['debug', web, '--target', 'nope', '--', 'true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one of: web, sidecar');
  });
});

describe('podlab prove', () => {
  it('one IP across the containers, and a reach matrix with a refused port', async () => {
    const pod = name('prove');
    const file = tmp.write(
      'prove.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}}\nspec:\n  containers:\n  - name: web\n    image: "${demo}"\n    command: [httpd, -f, -p, "80", -h, /www]\n    ports: [{containerPort: 80}, {containerPort: 8081}]\n  - {name: side, image: "${demo}", command: [sleep, "3600"]}\n  - {name: bare, image: "${pause}"}\n`,
    );
    expect((await podlab(['launch', file, '--wait'])).code).toBe(0);
    const r = await podlab(['prove', pod, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      oneIp: boolean;
      identities: { container: string; netns: string | null; addresses: string[]; mac: string | null; hostView: string | null; error: string | null }[];
      ports: { port: number; holder: string | null }[];
      reach: { from: string; port: number; result: string }[];
      debugHint: string | null;
    };
    const sandbox = podContainers(pod).sandbox!;
    const ip = sandbox.Config ? (JSON.parse(docker(['inspect', sandbox.Id])) as { NetworkSettings: { Networks: { bridge: { IPAddress: string } } } }[])[0]!.NetworkSettings.Networks.bridge.IPAddress : '';
    const readable = out.identities.filter((i) => i.netns);
    expect(readable.map((i) => i.container).sort()).toEqual(['side', 'web']);
    for (const i of readable) {
      expect(i.netns).toBe(netnsOf(sandbox.State.Pid));
      expect(i.addresses).toEqual([expect.stringMatching(new RegExp(`^${ip.replace(/\./g, '\\.')}/\\d+$`))]);
      expect(i.hostView).toBe(i.netns);
    }
    expect(out.oneIp).toBe(true);
    // The pause image has no shell: said so, with the debug container offered — never a silent blank.
    expect(out.identities.find((i) => i.container === 'bare')?.error).toMatch(/no shell/);
    expect(out.debugHint).toBe(`podlab debug ${pod} -it`);
    expect(out.ports).toEqual([
      { port: 80, protocol: 'tcp', holder: 'web' },
      { port: 8081, protocol: 'tcp', holder: null },
    ]);
    const cell = (from: string, port: number): string | undefined => out.reach.find((c) => c.from === from && c.port === port)?.result;
    expect([cell('web', 80), cell('side', 80), cell('web', 8081), cell('side', 8081), cell('bare', 80)]).toEqual(['reached', 'reached', 'refused', 'refused', 'no-tool']);
    const text = await podlab(['prove', pod]);
    expect(text.stdout).toContain('=> one network namespace, one IP, one MAC');
    expect(text.stdout).toMatch(/side\s+reached\s+refused/);
  });
});
