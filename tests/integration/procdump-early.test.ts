// The native dump started before the listing (probe/dumprun.ts, native/early.c): the helper's discover mode finds the
// containers' cgroups itself; the request that follows gets what a run told the cgroup layout after the listing would
// have read: the same records, as current as the request (not as the discovery), one started since read with the
// layout it learnt. And the CLI's `ls`, which starts it so, gives the model the JS reads give.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cgroupDirs } from '../../electron/engine/probe/direct';
import { procDumpAvailable } from '../../electron/engine/probe/procdump';
import { sockdiagHelper } from '../../electron/engine/probe/sockdiag';
import { cleanupPods, docker, ensureCliBuilt, podContainers, podlab, podManifest, ROOT, tempDir, uniqueName } from './helpers';

const [pod, later] = [uniqueName('early-dump'), uniqueName('early-later')];
const tmp = tempDir();
const httpd = (port: string): string[] => ['httpd', '-f', '-p', port, '-h', '/www'];

/** Runs the helper: `first` at once, then what `rest` resolves to; its whole answer. */
function helperRun(first: string, rest: () => Promise<string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(sockdiagHelper()!, ['--dump'], { stdio: ['pipe', 'pipe', 'inherit'], timeout: 20_000 });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString('latin1')) : reject(new Error(`helper exited ${code}`))));
    child.stdin.write(first);
    rest().then((text) => child.stdin.end(text), (err: unknown) => {
      child.kill();
      reject(err as Error);
    });
  });
}

/** The cgroup layout as pods/listed.ts learns it from one container's pid: "G" lines. */
function layoutOf(pid: number, id: string): string {
  const dirs = (cgroupDirs(pid) ?? []).filter((d) => d.includes(id));
  return dirs.map((d) => `G ${d.slice(0, d.indexOf(id))}\t${d.slice(d.indexOf(id) + id.length)}\n`).join('');
}

/** The answer without its time line (uptime moves between two runs). */
const records = (answer: string): string => answer.replace(/^T .*\n/m, '');
/** A container's record in an answer: from its "C" line to its "E" (or "X"). */
const recordOf = (answer: string, id: string): string => /(^C [0-9a-f]+ [sa]\n[\s\S]*?^[EX].*\n)/m.exec(answer.slice(answer.indexOf(`C ${id}`)))?.[1] ?? '';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.runIf(procDumpAvailable())('the native dump started before the listing', () => {
  let sandbox = { id: '', pid: 0 };
  let apps: { id: string; pid: number }[] = [];
  let launchedAt = 0;

  beforeAll(async () => {
    ensureCliBuilt();
    const manifest = podManifest(pod, [
      { name: 'web', command: httpd('80'), ports: [{ containerPort: 80 }] },
      { name: 'api', command: httpd('8080'), ports: [{ containerPort: 8080 }] },
    ]);
    const r = await podlab(['launch', tmp.write('pod.yaml', manifest), '--wait'], { env: { PODLAB_KUBELET: 'off' } });
    expect(r.code, r.stderr).toBe(0);
    const c = podContainers(pod);
    sandbox = { id: c.sandbox!.Id, pid: c.sandbox!.State.Pid };
    apps = c.apps.map((a) => ({ id: a.Id, pid: a.State.Pid }));
    launchedAt = Date.now();
  }, 120_000);

  afterAll(() => {
    cleanupPods([pod, later]);
    tmp.remove();
  });

  it('answers as a run told the cgroup layout does, record for record', async () => {
    const request = `s ${sandbox.id}\n${apps.map((a) => `a ${a.id}\n`).join('')}.\n`;
    const early = await helperRun('D\n', () => sleep(300).then(() => request));
    const told = await helperRun(layoutOf(sandbox.pid, sandbox.id) + request, () => Promise.resolve(''));
    expect(records(early)).toBe(records(told));
    // Everything was read: each container complete, the sandbox's hostname and netns texts, each app's sockets.
    expect(early.match(/^C /gm)).toHaveLength(3);
    expect(early).not.toMatch(/^X /m);
    expect(recordOf(early, sandbox.id)).toMatch(/^F hostname /m);
    expect(early).toMatch(/^F tcp /m);
  });

  it('reads the containers when they are asked for, not when it found them', async () => {
    const web = apps[0]!;
    let exec = '';
    const early = await helperRun('D\n', async () => {
      await sleep(300);
      // A new process in web's cgroup after the discovery: it is in the answer.
      docker(['exec', '-d', web.id, 'sleep', '30']);
      await sleep(300);
      exec = docker(['top', web.id, '-eo', 'pid,comm']);
      return `a ${web.id}\n.\n`;
    });
    const sleepPid = /^\s*(\d+)\s+sleep$/m.exec(exec)?.[1];
    expect(sleepPid, exec).toBeDefined();
    expect(recordOf(early, web.id)).toMatch(new RegExp(`^P ${sleepPid} `, 'm'));
  });

  it('reads a container started after it looked with the layout it learnt from the others', async () => {
    // An empty request: only the head, the time and the ends of both parts.
    expect(await helperRun('D\n', () => sleep(100).then(() => '.\n'))).toMatch(/^@@podlab-dump 1\nT [\d.]+ \d+\nY\nZ\n$/);
    let started = { id: '', pid: 0 };
    const answer = await helperRun('D\n', async () => {
      await sleep(300);
      const r = await podlab(['launch', tmp.write('later.yaml', podManifest(later, [{ name: 'web', command: httpd('80') }])), '--wait'], { env: { PODLAB_KUBELET: 'off' } });
      expect(r.code, r.stderr).toBe(0);
      const s = podContainers(later).sandbox!;
      started = { id: s.Id, pid: s.State.Pid };
      return `s ${started.id}\n.\n`;
    });
    expect(recordOf(answer, started.id)).toMatch(new RegExp(`^M ${started.pid}$`, 'm'));
  }, 60_000);

  it("is what `podlab ls` reads /proc with, and gives the model the JS reads give", async () => {
    // Containers younger than 3 s are inspected and read by the JS readers: let them age.
    await sleep(3500);
    const ours = (stdout: string): unknown =>
      JSON.parse(stdout, (k, v: unknown) => (k === 'startedAt' || k === 'createdAt' || k === 'at' ? undefined : v)).filter((p: { name: string }) => p.name === pod);
    let native = await podlab(['ls', '--json'], { env: { PODLAB_TRACE: '1' } });
    let js = await podlab(['ls', '--json'], { env: { PODLAB_PROC_DUMP: '0' } });
    // Another test's containers may come and go between the two: only ours are compared, retried a little.
    for (let i = 0; i < 2 && JSON.stringify(ours(native.stdout)) !== JSON.stringify(ours(js.stdout)); i++) {
      native = await podlab(['ls', '--json'], { env: { PODLAB_TRACE: '1' } });
      js = await podlab(['ls', '--json'], { env: { PODLAB_PROC_DUMP: '0' } });
    }
    expect(native.code, native.stderr).toBe(0);
    expect(native.stderr).toContain('proc dump started early, taken');
    expect(native.stderr).toContain('listing asked before Node, read');
    expect(native.stderr).toContain('proc dump asked with the early listing');
    expect(ours(native.stdout)).toEqual(ours(js.stdout));
    expect(ours(native.stdout)).toHaveLength(1);
    // A variable that does not name a helper this process started is left alone (here: stdout and stderr as "pipes"),
    // and so is a listing connection that another process's launcher made (its pid is not ours).
    const forged = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'podlab.cjs'), 'ls', '--json'], { env: { ...process.env, PODLAB_EARLY_DUMP: '1 1 2', PODLAB_EARLY_LISTING: '1 1 /var/run/docker.sock', PODLAB_EARLY_NETWORKS: '1 2 /var/run/docker.sock', PODLAB_TRACE: '1' } });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(forged.code, forged.stderr).toBe(0);
    expect(forged.stderr).not.toContain('started early');
    expect(forged.stderr).not.toContain('before Node');
    expect(ours(forged.stdout)).toHaveLength(1);
  }, 60_000);

  it('comes with the listing and networks asked before Node; what is cut short is asked again', async () => {
    // The engine behind a proxy that counts the requests by path and, when told to, cuts the next answer to one short.
    const dir = tempDir();
    const sock = join(dir.dir, 'engine.sock');
    let asked: string[] = [];
    let cut: RegExp | null = null;
    const proxy = createServer((client) => {
      const up = connect('/var/run/docker.sock');
      client.on('data', (d: Buffer) => {
        const paths = [...d.toString('latin1').matchAll(/^[A-Z]+ (\/[^? ]*)/gm)].map((m) => m[1]!.replace(/^\/v[\d.]+/, ''));
        asked.push(...paths);
        if (cut && paths.some((p) => cut!.test(p))) {
          cut = null;
          client.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[');
          up.destroy();
          return;
        }
        up.write(d);
      });
      up.pipe(client);
      client.on('error', () => up.destroy());
      up.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => proxy.listen(sock, r));
    const env = { DOCKER_HOST: `unix://${sock}`, PODLAB_TRACE: '1', XDG_CACHE_HOME: dir.dir };
    const ls = async (): Promise<{ stderr: string; pods: { name: string; ip?: string }[] }> => {
      const r = await podlab(['ls', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      return { stderr: r.stderr, pods: JSON.parse(r.stdout) as { name: string }[] };
    };
    // Containers younger than 3 s are inspected (one request each): let ours age.
    await sleep(Math.max(0, launchedAt + 3500 - Date.now()));
    try {
      await ls(); // asks /version once (the memo then knows this engine)
      const reference = (await podlab(['ls', '--json'], { env: { ...env, PODLAB_PROC_DUMP: '0' } })).stdout;
      const mine = (pods: { name: string }[]): string => JSON.stringify(pods.filter((p) => p.name === pod), (k, v: unknown) => (k.endsWith('At') || k === 'at' ? undefined : v));
      asked = [];
      const whole = await ls();
      expect(whole.stderr).toContain('listing asked before Node, read');
      expect(whole.stderr).toContain('networks asked before Node, read');
      // Node itself asked the engine nothing: both answers came on the launcher's connections.
      expect(asked.sort()).toEqual(['/containers/json', '/networks']);
      expect(mine(whole.pods)).toBe(mine(JSON.parse(reference) as { name: string }[]));
      expect(mine(whole.pods)).toContain(pod);
      for (const [what, path] of [['listing', /^\/containers\/json$/], ['networks', /^\/networks$/]] as const) {
        asked = [];
        cut = path;
        const again = await ls();
        expect(asked.filter((p) => path.test(p)), what).toHaveLength(2);
        expect(mine(again.pods), what).toBe(mine(whole.pods));
      }
    } finally {
      await new Promise((r) => proxy.close(r));
      dir.remove();
    }
  }, 60_000);

  it('is started by bin/podlab before Node, and ends with the process it started when nobody takes it', async () => {
    // The command run after the fork sees the helper's pid and pipes. A background sleep inherits the pipes and keeps
    // the request open: the helper ends because its starter did, not because its request ended.
    const r = spawnSync(sockdiagHelper()!, ['--early-dump', 'sh', '-c', 'sleep 5 >/dev/null 2>&1 & echo "$PODLAB_EARLY_DUMP $!"'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(0);
    const [pid, request, answer, holder] = r.stdout.trim().split(' ').map(Number) as [number, number, number, number];
    try {
      expect(pid).toBeGreaterThan(0);
      expect(request).toBeGreaterThan(2);
      expect(answer).toBeGreaterThan(2);
      // Gone, or a zombie until whoever adopted it reaps it: bounded wait.
      const running = (): boolean => /^\d+ \(.*\) [^Z]/.test(existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '');
      for (let i = 0; i < 40 && running(); i++) await sleep(50);
      expect(running()).toBe(false);
    } finally {
      process.kill(holder, 'SIGKILL');
    }
  });

  it('runs the command without a helper for a user who cannot enter namespaces', () => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', sockdiagHelper()!, '--early-dump', 'sh', '-c', 'echo "[$PODLAB_EARLY_DUMP]"'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('[]\n');
    // A command that cannot run is said so, with the shell's exit code.
    const missing = spawnSync(sockdiagHelper()!, ['--early-dump', '/nonexistent/node'], { encoding: 'utf8', timeout: 10_000 });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toContain('cannot run /nonexistent/node');
  });
});
