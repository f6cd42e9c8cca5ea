// podlab exec / logs / debug / prove on the real engine: exit codes pass through, stdin and a TTY reach the process,
// logs --previous reads the attempt the kubelet logic replaced, a debug container shares the pod's netns and sees its
// target's processes, prove shows one IP and the reach matrix, and rm takes the ephemeral containers too.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODLAB, ROOT, cleanupPods, docker, ensureCliBuilt, inspect, netnsOf, podContainerIds, podContainers, podlab, startWatch, tempDir, uniqueName, until } from './helpers';

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

describe('podlab exec', () => {
  it('passes the exit code through and defaults to the first app container', async () => {
    const r = await podlab(['exec', web, '--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toContain('err\n');
    expect(r.stderr).toContain('Defaulted container "web" out of: web, sidecar');
    const hostname = await podlab(['exec', web, '-c', 'sidecar', '--', 'hostname']);
    expect(hostname).toMatchObject({ code: 0, stdout: `${web}\n` });
  });

  it('large interleaved stdout and stderr arrive whole, each on its own stream (frames split across chunks)', async () => {
    const r = await podlab(['exec', web, '-c', 'web', '--', 'sh', '-c', 'yes out | head -n 60000 & yes err | head -n 40000 >&2; wait']);
    expect(r.code, r.stderr.slice(0, 200)).toBe(0);
    expect(r.stdout).toBe('out\n'.repeat(60000));
    expect(r.stderr).toBe('err\n'.repeat(40000));
  });

  it('the sidecar reaches the web server on 127.0.0.1:80', async () => {
    const r = await podlab(['exec', web, '-c', 'sidecar', '--', 'wget', '-qO-', 'http://127.0.0.1:80/']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('hello from podlab');
  });

  it('-i passes stdin, and EOF ends the command', async () => {
    const r = await podlab(['exec', web, '-c', 'sidecar', '-i', '--', 'sh', '-c', 'cat; echo done'], { input: 'line one\nline two\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'line one\nline two\ndone\n' });
  });

  it('-it through a pseudo-terminal: the process has a TTY, keys reach it, the exit code comes back', () => {
    // script(1) gives podlab a real terminal; the input arrives after the shell started.
    const cmd = `(sleep 1; printf 'tty; echo marker-$((6*7)); exit 5\\r'; sleep 3) | script -qec "${PODLAB} exec ${web} -c sidecar -it -- sh" /dev/null`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.stdout).toContain('marker-42');
    expect(r.status).toBe(5);
    // The terminal was put back: script's own terminal settings are not ours to see, but podlab exited cleanly.
    expect(r.stderr).not.toMatch(/Error|TypeError/);
  });

  it('-t forwards a window-size change to the container TTY (stty size sees the new size)', async () => {
    // A pseudo-terminal made by script(1) starts at 0x0 when script has no terminal of its own (as here): busybox's
    // `stty size` then prints "stty: standard input" and nothing else (exit 0), which is what hid this before. The session sets a size first.
    // Engines before API 1.42 (Docker 20.10 here) size an exec's TTY only by the resize after its start, which a
    // process reading its size at once can beat: the container waits (bounded) for its first size, then polls for a
    // change while the test resizes the terminal from outside (TIOCSWINSZ: the kernel sends podlab SIGWINCH).
    const poll = (cond: string, max: number): string => `i=0; while ${cond} && [ $i -lt ${max} ]; do sleep 0.1; i=$((i+1)); done`;
    const inner = `sh -c '${poll('s=$(stty size 2>/dev/null); [ -z "$s" ]', 50)}; echo "first $s"; ${poll('[ "$(stty size)" = "$s" ]', 100)}; echo "now $(stty size)"'`;
    const session = `tty; stty rows 30 cols 100; exec ${PODLAB} exec ${web} -c web -t -- ${inner}`;
    const child = spawn('script', ['-qec', session, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const pts = await until(() => /\/dev\/pts\/\d+/.exec(out)?.[0], 10_000, 50, "the session's terminal");
      await until(() => /first 30 100/.test(out), 15_000, 50, 'the first size in the container');
      const resized = spawnSync('stty', ['-F', pts, 'rows', '40', 'cols', '120'], { encoding: 'utf8' });
      expect(resized.status, resized.stderr).toBe(0);
      expect(await exited).toBe(0);
      expect(out).toMatch(/now 40 120/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('an unknown pod or container exits 2 and lists the choices', async () => {
    const pod = await podlab(['exec', `${web}-nope`, '--', 'true']);
    expect(pod.code).toBe(2);
    expect(pod.stderr).toMatch(new RegExp(`no pod named "${web}-nope"; podlab's pods: .*${web}`));
    const ctr = await podlab(['exec', web, '-c', 'nope', '--', 'true']);
    expect(ctr.code).toBe(2);
    expect(ctr.stderr).toContain(`pod ${web} has no container "nope"; choose one of: web, sidecar`);
  });

  it('honours the kubectl.kubernetes.io/default-container annotation', async () => {
    const pod = name('dflt');
    const file = tmp.write(
      'dflt.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  annotations: {kubectl.kubernetes.io/default-container: second}\nspec:\n  containers:\n  - {name: first, image: "${demo}", command: [sleep, "3600"]}\n  - {name: second, image: "${demo}", command: [sleep, "3601"]}\n`,
    );
    expect((await podlab(['launch', file, '--wait'])).code).toBe(0);
    const r = await podlab(['exec', pod, '--', 'ps', '-o', 'args']);
    expect(r.stderr).toContain('Defaulted container "second" out of: first, second');
    expect(r.stdout).toContain('sleep 3601');
  });
});

describe('logs --previous after a CrashLoopBackOff restart, and exec into a container that is not running', () => {
  it('shows the crashed attempt and says why exec is refused', async () => {
    const pod = name('crash');
    const { child } = startWatch({ ...process.env, PODLAB_BACKOFF_BASE_MS: '500', PODLAB_BACKOFF_MAX_MS: '1000', PODLAB_KUBELET_ONLY: pod });
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
