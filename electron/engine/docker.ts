// Finds and connects to the Docker engine: DOCKER_HOST, else the usual sockets (Linux, Docker Desktop, Podman, Colima).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { DockerRuntime } from './runtime/docker';
import type { Runtime, RuntimeKind } from './runtime/runtime';
import { RuntimeError } from './runtime/runtime';

export interface EngineConnection {
  /** The runtime every engine module talks to. */
  runtime: Runtime;
  /** The Docker client underneath, for a Docker-API engine (tests only: engine modules use `runtime`). */
  docker?: Docker;
  /** What was used, e.g. "unix:///var/run/docker.sock" or "tcp://127.0.0.1:2375". */
  endpoint: string;
  /** The engine's version, API version and OS ('' when not asked, or when the engine would not say). */
  version: string;
  apiVersion: string;
  os: string;
}

export interface ConnectOptions {
  /**
   * false: do not ask the engine's version at all (version/apiVersion/os stay ''), for a caller that never shows it —
   * `podlab launch` prints only the pod. The engine's /version runs `runc --version` and friends: several ms of engine
   * time, which a launch would otherwise wait for or compete with.
   */
  describe?: boolean;
  /**
   * false: take the first endpoint that exists (DOCKER_HOST, else the first socket file found) without pinging it, for
   * a caller whose own first requests tell whether the engine answers and that then looks again properly (podlab
   * launch, see EngineUnreachableError). Implies describe: false.
   */
  ping?: boolean;
}

export class NoEngineError extends Error {
  constructor(
    readonly tried: { endpoint: string; error: string }[],
  ) {
    super(
      `No Docker engine answered. Tried:\n${tried.map((t) => `  - ${t.endpoint}: ${t.error}`).join('\n')}\n` +
        'Start Docker (Linux: "sudo systemctl start docker" or run dockerd; Docker Desktop: open it), ' +
        'make sure your user may use its socket (Linux: add yourself to the "docker" group), ' +
        'or set DOCKER_HOST to the engine\'s address.',
    );
    this.name = 'NoEngineError';
  }
}

/** Candidate endpoints in the order podlab tries them. */
export function candidateEndpoints(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DOCKER_HOST) return [env.DOCKER_HOST];
  const home = homedir();
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const runtimeDir = env.XDG_RUNTIME_DIR ?? `/run/user/${uid}`;
  const sockets = [
    '/var/run/docker.sock',
    join(home, '.docker/run/docker.sock'), // Docker Desktop (macOS, Linux)
    join(home, '.docker/desktop/docker.sock'),
    join(runtimeDir, 'docker.sock'), // rootless Docker
    join(home, '.colima/default/docker.sock'),
    join(home, '.colima/docker.sock'),
    join(runtimeDir, 'podman/podman.sock'),
    '/run/podman/podman.sock',
  ];
  if (process.platform === 'win32') return ['npipe:////./pipe/docker_engine'];
  return sockets.map((s) => `unix://${s}`);
}

function dockerFor(endpoint: string): Docker {
  // A socket has no host name. Node's HTTP agent checks the Host header against its IPv6 pattern on every request
  // (~1 ms each, ~4 ms the first time) unless it is an IPv4 literal: say 127.0.0.1 (the engine ignores it).
  const local = { headers: { host: '127.0.0.1' } };
  if (endpoint.startsWith('unix://')) return new Docker({ socketPath: endpoint.slice('unix://'.length), ...local });
  if (endpoint.startsWith('npipe://')) return new Docker({ socketPath: endpoint.slice('npipe://'.length), ...local });
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  const tls = !!process.env.DOCKER_TLS_VERIFY && process.env.DOCKER_TLS_VERIFY !== '0';
  return new Docker({
    host: url.hostname,
    port: Number(url.port || (tls ? 2376 : 2375)),
    protocol: tls ? 'https' : 'http',
  });
}

/** Connects to the first endpoint that answers a ping (see ConnectOptions); throws NoEngineError listing what was tried. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env, opts: ConnectOptions = {}): Promise<EngineConnection> {
  const tried: { endpoint: string; error: string }[] = [];
  for (const endpoint of candidateEndpoints(env)) {
    if (endpoint.startsWith('unix://') && !env.DOCKER_HOST && !existsSync(endpoint.slice(7))) {
      tried.push({ endpoint, error: 'no such socket' });
      continue;
    }
    const docker = dockerFor(endpoint);
    if (opts.ping === false) return connection(docker, endpoint);
    try {
      await withTimeout(docker.ping(), 5000, 'no answer within 5 s');
    } catch (err) {
      tried.push({ endpoint, error: describeError(err) });
      continue;
    }
    if (opts.describe === false) return connection(docker, endpoint);
    try {
      const v = await withTimeout(docker.version(), 5000, 'no answer within 5 s');
      const platform = (v as { Platform?: { Name?: string } }).Platform?.Name ?? '';
      const podman = /podman/i.test(platform) || (v.Components ?? []).some((c) => /podman/i.test(c.Name));
      return connection(docker, endpoint, { kind: podman ? 'podman' : 'docker', version: v.Version ?? '', apiVersion: v.ApiVersion ?? '', os: v.Os ?? '', platform });
    } catch {
      // An engine that answers its ping but not /version still runs pods: the model shows no version.
      return connection(docker, endpoint);
    }
  }
  throw new NoEngineError(tried);
}

type Described = { kind: RuntimeKind; version: string; apiVersion: string; os: string; platform: string };

function connection(docker: Docker, endpoint: string, v: Described = { kind: 'docker', version: '', apiVersion: '', os: '', platform: '' }): EngineConnection {
  const runtime = new DockerRuntime(docker, { endpoint, ...v });
  return { runtime, docker, endpoint, version: v.version, apiVersion: v.apiVersion, os: v.os };
}

/** An error of the connection itself (no engine behind the socket or address), not an answer of the engine. */
export function isUnreachable(err: unknown): boolean {
  const code = err instanceof RuntimeError ? err.errno : (err as NodeJS.ErrnoException | null)?.code;
  return ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code ?? '');
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = err instanceof RuntimeError ? err.errno : (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return 'permission denied (is your user in the "docker" group?)';
    if (code === 'ECONNREFUSED') return 'connection refused (is the engine running?)';
    if (code === 'ENOENT') return 'no such socket';
    return err.message;
  }
  return String(err);
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
