// podlab exec on the real engine, one test body on both paths: the native fast path (out/native/podlab-exec) and the
// Node path (PODLAB_EXEC_NATIVE=0). Cases the fast path must handle alone run it with no Node on PATH, so a silent
// fallback would fail them; cases it must hand to Node give the Node path's message and exit code, byte for byte.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODLAB, ROOT, cleanupPods, ensureCliBuilt, podlab, tempDir, uniqueName, until } from './helpers';
import { podmanAvailable, startPrivatePodman, type PrivatePodman } from './private-podman';
import { execStdin, execTtyExitCode, execTtyResize } from './hands-bodies';

const created = new Set<string>();
const tmp = tempDir();
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'busybox';
const NATIVE = join(ROOT, 'out', 'native', 'podlab-exec');
/** No `node` anywhere on it: bin/podlab can then run only the fast path. */
const NO_NODE = { PATH: '/nonexistent-x11' };
const FORCE_NODE = { PODLAB_EXEC_NATIVE: '0' };
let web = '';
let stopped = '';

function name(prefix: string): string {
  const n = uniqueName(`x11-${prefix}`);
  created.add(n);
  return n;
}

/** `env K=V… bin/podlab` for a shell command line (script(1) sessions). */
const shellPodlab = (env: Record<string, string>): string => `env ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} ${PODLAB}`;

beforeAll(async () => {
  ensureCliBuilt();
  web = name('ws');
  stopped = name('stop');
  const file = tmp.write('stop.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${stopped}\nspec:\n  restartPolicy: Never\n  containers:\n  - {name: quits, image: "${demo}", command: [sh, -c, "exit 3"]}\n  - {name: stays, image: "${demo}", command: [sleep, "3600"]}\n`);
  const [a, b] = await Promise.all([podlab(['launch', 'web-sidecar', '--name', web, '--wait']), podlab(['launch', file])]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).not.toBe(2);
});
afterAll(() => {
  cleanupPods(created);
  tmp.remove();
});

// The fast path is built wherever a C compiler is (scripts/build-native.mjs); without one there is only Node's.
const hasCc = spawnSync('sh', ['-c', 'command -v "${CC:-cc}"']).status === 0;
const paths = [
  { path: 'native fast path', alone: NO_NODE, any: {} },
  { path: 'Node path (PODLAB_EXEC_NATIVE=0)', alone: FORCE_NODE, any: FORCE_NODE },
];

describe.each(paths)('podlab exec, $path', ({ path, alone, any }) => {
  if (path.startsWith('native')) {
    it.runIf(hasCc)('is built', () => expect(existsSync(NATIVE)).toBe(true));
    if (!hasCc) return;
  }

  it('passes the exit code through and defaults to the first app container', async () => {
    const r = await podlab(['exec', web, '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'], { env: alone });
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('Defaulted container "web" out of: web, sidecar\nerr\n');
    const hostname = await podlab(['exec', web, '-c', 'sidecar', '--', 'hostname'], { env: alone });
    expect(hostname).toMatchObject({ code: 0, stdout: `${web}\n`, stderr: '' });
  });

  it('every -c form chooses the named container (its pid 1 says which)', async () => {
    const cmd = ['--', 'sh', '-c', 'tr "\\0" " " </proc/1/cmdline'];
    for (const form of [['-c', 'sidecar'], ['-c=sidecar'], ['-csidecar'], ['--container', 'sidecar'], ['--container=sidecar'], ['-c', 'web', '-c', 'sidecar']]) {
      const r = await podlab(['exec', web, ...form, ...cmd], { env: alone });
      expect(r, form.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout, form.join(' ')).toContain('reached web on 127.0.0.1:80');
    }
  });

  it('large interleaved stdout and stderr arrive whole, each on its own stream (frames split across chunks)', async () => {
    const r = await podlab(['exec', web, '-c', 'web', '--', 'sh', '-c', 'yes out | head -n 60000 & yes err | head -n 40000 >&2; wait'], { env: alone });
    expect(r.code, r.stderr.slice(0, 200)).toBe(0);
    expect(r.stdout).toBe('out\n'.repeat(60000));
    expect(r.stderr).toBe('err\n'.repeat(40000));
  });

  it('the sidecar reaches the web server on 127.0.0.1:80', async () => {
    const r = await podlab(['exec', web, '-c', 'sidecar', '--', 'wget', '-qO-', 'http://127.0.0.1:80/'], { env: alone });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('hello from podlab');
  });

  it('-i passes stdin, and EOF ends the command (half-close)', async () => {
    await execStdin(web, 'sidecar', alone);
  });

  it('-it through a pseudo-terminal: the process has a TTY, keys reach it, the exit code comes back', () => {
    execTtyExitCode(web, 'sidecar', { launcher: shellPodlab(alone) });
  });

  it('-it: a SIGTERM during the session still puts the terminal back', () => {
    const tag = alone === NO_NODE ? 'native' : 'node';
    // inner: podlab replaces the shell (same pid, $$), and a timer sends that pid SIGTERM while the terminal is raw.
    const inner = tmp.write(`term-inner-${tag}.sh`, `(sleep 2; kill -TERM $$) & exec ${shellPodlab(alone)} exec ${web} -c sidecar -it -- sleep 30\n`);
    const outer = tmp.write(`term-${tag}.sh`, `s=$(stty -g); sh ${inner}; echo "exit $?"; [ "$(stty -g)" = "$s" ] && echo terminal-restored\n`);
    const r = spawnSync('bash', ['-c', `sleep 8 | script -qec "sh ${outer}" /dev/null`], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toContain('exit 143');
    expect(r.stdout).toContain('terminal-restored');
  });

  it('-t forwards a window-size change to the container TTY (stty size sees the new size)', async () => {
    await execTtyResize(web, 'web', { launcher: shellPodlab(alone) });
  });

  it('an unknown pod or container exits 2 and lists the choices', async () => {
    const pod = await podlab(['exec', `${web}-nope`, '--', 'true'], { env: any });
    expect(pod.code).toBe(2);
    expect(pod.stderr).toMatch(new RegExp(`^podlab exec: no pod named "${web}-nope"; podlab's pods: .*${web}`));
    const ctr = await podlab(['exec', web, '-c', 'nope', '--', 'true'], { env: any });
    expect(ctr.code).toBe(2);
    expect(ctr.stderr).toBe(`podlab exec: pod ${web} has no container "nope"; choose one of: web, sidecar\n`);
  });

  it('a container that is not running: exit 1 with its state and the logs hint; its running neighbour takes the exec', async () => {
    await until(async () => (await podlab(['inspect', stopped, '--json'])).stdout.includes('"exited"'), 30_000, 200, 'quits to exit');
    const r = await podlab(['exec', stopped, '-c', 'quits', '--', 'true'], { env: any });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`podlab exec: cannot exec into container quits of pod ${stopped}: it is not running — exited (exit 3), Error; see why it stopped: podlab logs ${stopped} -c quits\n`);
    expect(await podlab(['exec', stopped, '-c', 'stays', '--', 'sh', '-c', 'exit 4'], { env: alone })).toMatchObject({ code: 4, stdout: '', stderr: '' });
  });

  it('honours the kubectl.kubernetes.io/default-container annotation', async () => {
    const pod = name('dflt');
    const file = tmp.write(
      `${pod}.yaml`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  annotations: {kubectl.kubernetes.io/default-container: second}\nspec:\n  containers:\n  - {name: first, image: "${demo}", command: [sleep, "3600"]}\n  - {name: second, image: "${demo}", command: [sleep, "3601"]}\n`,
    );
    expect((await podlab(['launch', file, '--wait'])).code).toBe(0);
    const r = await podlab(['exec', pod, '--', 'ps', '-o', 'args'], { env: alone });
    expect(r.stderr).toBe('Defaulted container "second" out of: first, second\n');
    expect(r.stdout).toContain('sleep 3601');
  });
});

describe.runIf(hasCc)('the fast path hands everything else to the Node path, before doing anything', () => {
  it('same message and exit code as Node; without Node on PATH it cannot answer at all (it printed nothing itself)', async () => {
    const cases: { args: string[]; env?: Record<string, string>; code: number }[] = [
      { args: ['exec', `${web}-nope`, '--', 'true'], code: 2 },
      { args: ['exec', web, '-c', 'nope', '--', 'true'], code: 2 },
      { args: ['exec', stopped, '-c', 'quits', '--', 'true'], code: 1 },
      { args: ['exec', web, '--bogus', '--', 'true'], code: 2 },
      { args: ['exec', web, '-x', '--', 'true'], code: 2 },
      { args: ['exec', web, '--help'], code: 2 },
      { args: ['exec', web, 'true'], code: 2 },
      { args: ['exec', web, '-c', '', '--', 'true'], code: 2 },
      { args: ['exec', web, '--', 'true'], env: { PODLAB_PROBE: 'sideways' }, code: 2 },
      { args: ['exec', web, '--', 'true'], env: { DOCKER_HOST: 'unix:///nonexistent-x11.sock' }, code: 1 },
      { args: ['exec', web, '--', 'true'], env: { CONTAINER_RUNTIME_ENDPOINT: 'unix:///nonexistent-x11.sock' }, code: 1 },
    ];
    // The unknown pod's message lists every podlab pod of the engine, which other test files may change meanwhile.
    const stable = (s: string): string => s.replace(/podlab's pods: .*/, "podlab's pods: …");
    for (const { args, env = {}, code } of cases) {
      const what = JSON.stringify([args, env]);
      const [native, node, alone] = await Promise.all([
        podlab(args, { env }),
        podlab(args, { env: { ...env, ...FORCE_NODE } }),
        podlab(args, { env: { ...env, ...NO_NODE } }),
      ]);
      expect(node.code, `${what} ${node.stderr}`).toBe(code);
      expect({ code: native.code, stdout: native.stdout, stderr: stable(native.stderr) }, what).toEqual({ code: node.code, stdout: node.stdout, stderr: stable(node.stderr) });
      expect(alone, what).toMatchObject({ code: 127, stdout: '' });
      expect(alone.stderr, what).toMatch(/^podlab: cannot run node \(No such file or directory\)/);
    }
  });

  it('through npm\'s symlinked bin the launcher still finds the fast path (readlink, but no node, on PATH)', () => {
    const links = tempDir();
    try {
      symlinkSync(PODLAB, join(links.dir, 'podlab'));
      mkdirSync(join(links.dir, 'path'));
      symlinkSync(spawnSync('sh', ['-c', 'command -v readlink'], { encoding: 'utf8' }).stdout.trim(), join(links.dir, 'path', 'readlink'));
      const env = { ...process.env, PATH: join(links.dir, 'path') };
      const r = spawnSync(join(links.dir, 'podlab'), ['exec', web, '-c', 'web', '--', 'sh', '-c', 'exit 6'], { encoding: 'utf8', timeout: 30_000, env });
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 6, stderr: '' });
    } finally {
      links.remove();
    }
  });

  it('a large (gzipped) manifest label: the default choice goes to Node, -c still runs on the fast path', async () => {
    const pod = name('big');
    const note = 'x'.repeat(6000); // the manifest label is stored gzipped past 4 KiB
    const file = tmp.write(`${pod}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n  - {name: one, image: "${demo}", command: [sleep, "3600"], env: [{name: NOTE, value: "${note}"}]}\n  - {name: two, image: "${demo}", command: [sleep, "3601"]}\n`);
    expect((await podlab(['launch', file, '--wait'])).code).toBe(0);
    const [native, node, alone] = await Promise.all([podlab(['exec', pod, '--', 'true']), podlab(['exec', pod, '--', 'true'], { env: FORCE_NODE }), podlab(['exec', pod, '--', 'true'], { env: NO_NODE })]);
    expect(native).toEqual(node);
    expect(native).toMatchObject({ code: 0, stderr: 'Defaulted container "one" out of: one, two\n' });
    expect(alone.code).toBe(127);
    expect(await podlab(['exec', pod, '-c', 'two', '--', 'sh', '-c', 'exit 9'], { env: NO_NODE })).toMatchObject({ code: 9, stderr: '' });
  });

  it('PODLAB_EXEC_NATIVE=0 skips the fast path even where it would succeed', async () => {
    const r = await podlab(['exec', web, '-c', 'web', '--', 'true'], { env: { ...NO_NODE, ...FORCE_NODE } });
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('node');
  });
});

// Podman's Docker-compatible socket (DOCKER_HOST=unix://…) is a local engine too: the fast path serves it, and must
// answer as the Node path does there.
describe.runIf(hasCc && podmanAvailable())('podlab exec on Podman\'s Docker API (a private service), both paths', () => {
  let p: PrivatePodman | undefined;
  let pod = '';
  beforeAll(async () => {
    p = await startPrivatePodman({ prefix: 'x11', images: [process.env.PODLAB_PAUSE_IMAGE ?? '', demo] });
    pod = uniqueName('x11-pm');
    const r = await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'], { env: p.env });
    expect(r.code, r.stderr).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await p?.cleanup();
  }, 240_000);

  it.each(paths)('$path: exit code, default container, -c, stdin', async ({ alone }) => {
    const env = { ...p!.env, ...alone };
    const r = await podlab(['exec', pod, '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'], { env });
    expect(r).toMatchObject({ code: 7, stdout: 'out\n', stderr: 'Defaulted container "web" out of: web, sidecar\nerr\n' });
    const side = await podlab(['exec', pod, '-c', 'sidecar', '-i', '--', 'sh', '-c', 'cat; tr "\\0" " " </proc/1/cmdline'], { env, input: 'from stdin\n' });
    expect(side.code, side.stderr).toBe(0);
    expect(side.stdout).toMatch(/^from stdin\n.*reached web on 127\.0\.0\.1:80/);
  });
});
