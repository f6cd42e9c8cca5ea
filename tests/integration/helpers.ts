// Shared helpers for integration tests against the real engine: run the built CLI, unique pod names, docker
// inspect truth, and cleanup that only ever touches the given pods' podlab-labelled containers.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { PodModel } from '../../shared/model';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const PODLAB = join(ROOT, 'bin', 'podlab');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Builds the CLI bundle when it is missing (scripts/test.sh builds it before the tests). */
export function ensureCliBuilt(): void {
  if (!existsSync(join(ROOT, 'out', 'cli', 'podlab.cjs'))) execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
}

/** Runs `bin/podlab <args>` with the test images; never throws on a non-zero exit. */
export function podlab(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((res) => {
    const child = execFile(
      PODLAB,
      args,
      { cwd: ROOT, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 90_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        res({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** A pod name unique to this run: `<prefix>-<pid>-<random>` (prefix = the engineer's/test's, e.g. "h1-web"). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid % 10000}-${Math.random().toString(36).slice(2, 7)}`;
}

export function docker(args: string[], timeoutMs = 60_000): string {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A container's log, stdout and stderr together. */
export function logs(id: string): string {
  const r = spawnSync('docker', ['logs', id], { encoding: 'utf8', timeout: 30_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

export interface Inspect {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; Pid: number; ExitCode: number };
  Config: { Hostname: string; Labels: Record<string, string>; ExposedPorts?: Record<string, unknown> | null };
  HostConfig: { NetworkMode: string; IpcMode: string; PidMode: string; PortBindings?: Record<string, { HostIp: string; HostPort: string }[]> | null };
}

export function inspect(id: string): Inspect {
  return (JSON.parse(docker(['inspect', id])) as Inspect[])[0];
}

/** Ids of a pod's containers (io.podlab.pod=<pod>), any state. */
export function podContainerIds(pod: string): string[] {
  const out = docker(['ps', '-aq', '--no-trunc', '--filter', `label=io.podlab.pod=${pod}`]);
  return out ? out.split('\n') : [];
}

/** The pod's containers, inspected: sandbox and apps (by io.podlab.role). */
export function podContainers(pod: string): { sandbox: Inspect | undefined; apps: Inspect[]; all: Inspect[] } {
  // A container removed between the listing and its inspect (the kubelet replacing an old attempt) is left out.
  const all = podContainerIds(pod).flatMap((id) => {
    try {
      return [inspect(id)];
    } catch (err) {
      if (/No such object/.test(String(err))) return [];
      throw err;
    }
  });
  return {
    all,
    sandbox: all.find((c) => c.Config.Labels['io.podlab.role'] === 'sandbox'),
    apps: all.filter((c) => c.Config.Labels['io.podlab.role'] === 'app'),
  };
}

export function appByName(pod: string, container: string): Inspect | undefined {
  return podContainers(pod).apps.find((c) => c.Config.Labels['io.podlab.container'] === container);
}

/** Force-removes the given pods' podlab-labelled containers (never anything else). Safe to call in afterAll. */
export function cleanupPods(pods: Iterable<string>): void {
  for (const pod of pods) {
    try {
      const ids = podContainerIds(pod);
      if (ids.length) docker(['rm', '-f', '-v', ...ids]);
    } catch {
      // best effort: keep cleaning the others
    }
  }
}

/** `net:[4026532184]` of a process, read from the host's /proc (needs root-level rights). */
export function netnsOf(pid: number): string {
  return execFileSync('readlink', [`/proc/${pid}/ns/net`], { encoding: 'utf8' }).trim();
}

/** Polls `check` until it returns a value or the bounded time runs out. */
export async function until<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 10_000, stepMs = 200, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 10_000; i++) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A temporary directory removed by the returned function. */
export function tempDir(): { dir: string; write: (name: string, text: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-test-'));
  return {
    dir,
    write: (name, text) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A loopback hostPort unlikely to be taken by other tests on the shared engine. */
/** A port nothing listens on right now on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const a = s.address();
  await new Promise((r) => s.close(r));
  if (!a || typeof a === 'string') throw new Error('no address');
  return a.port;
}

export function randomHostPort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

/** Starts `bin/podlab watch --json` and collects its lines as they come; the caller kills `child` when done. */
export function startWatch(env: NodeJS.ProcessEnv = process.env): { child: ChildProcessByStdio<null, Readable, Readable>; lines: Record<string, unknown>[] } {
  const child = spawn(PODLAB, ['watch', '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const l of parts) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  return { child, lines };
}

/**
 * Follows the models a live engine pushes and keeps the newest copy of pod `pod` (a deep copy: later pushes do not
 * change what a test already holds), for `until(() => seen.latest …)`.
 */
export function latestPushedPod(engine: { on(event: 'push', listener: (ev: { type: string; model?: { pods: PodModel[] } }) => void): unknown }, pod: string): { readonly latest: PodModel | undefined } {
  const seen: { latest: PodModel | undefined } = { latest: undefined };
  engine.on('push', (ev) => {
    const p = ev.model?.pods.find((x) => x.name === pod);
    if (p) seen.latest = JSON.parse(JSON.stringify(p)) as PodModel;
  });
  return seen;
}

/** A container of a test pod: the demo image unless `image` says otherwise. */
export interface TestContainer {
  name: string;
  command: string[];
  image?: string;
  ports?: { containerPort: number; protocol?: 'TCP' | 'UDP'; hostPort?: number; hostIP?: string }[];
}

/**
 * A Pod manifest for a test: the header every test pod shares, its containers (and any further `spec` fields such as
 * restartPolicy) as one YAML flow mapping.
 */
export function podManifest(name: string, containers: TestContainer[], spec: Record<string, unknown> = {}): string {
  const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec: ${JSON.stringify({ ...spec, containers: containers.map((c) => ({ image: demo, ...c })) })}\n`;
}

/** A one-container pod (busybox httpd on 80, or `command`) asking for hostPort `hostPort` on 127.0.0.1. */
export function hostPortManifest(name: string, hostPort: number, command: string[] = ['httpd', '-f', '-p', '80', '-h', '/']): string {
  return podManifest(name, [{ name: 'web', command, ports: [{ containerPort: 80, hostPort, hostIP: '127.0.0.1' }] }]);
}
