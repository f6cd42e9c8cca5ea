// Finds and connects to the Docker engine: DOCKER_HOST, else the usual sockets (Linux, Docker Desktop, Podman, Colima).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { contextEndpoint, type ContextEndpoint } from './context';
import { engineNameOf, isRemoteEngine, type VersionInfo } from './identity';
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
  /** The engine's product ("Docker", "Docker Desktop", "Podman"); '' when not asked. */
  engineName?: string;
  /** The engine's processes are not this machine's (ssh://, a remote tcp://, a VM): kernel facts come through the helper. */
  remote?: boolean;
  /** Where the endpoint came from: "DOCKER_HOST", "docker context <name>", or "default sockets". */
  source?: string;
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
  const ctx = contextEndpoint(env);
  if (ctx) return [ctx.host];
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

function dockerFor(endpoint: string, ctx: ContextEndpoint | null = null): Docker {
  // A socket has no host name. Node's HTTP agent checks the Host header against its IPv6 pattern on every request
  // (~1 ms each, ~4 ms the first time) unless it is an IPv4 literal: say 127.0.0.1 (the engine ignores it).
  const local = { headers: { host: '127.0.0.1' } };
  if (endpoint.startsWith('unix://')) return new Docker({ socketPath: endpoint.slice('unix://'.length), ...local });
  if (endpoint.startsWith('npipe://')) return new Docker({ socketPath: endpoint.slice('npipe://'.length), ...local });
  if (endpoint.startsWith('ssh://')) return new Docker(sshOptions(endpoint));
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  const tls = ctx ? ctx.tlsDir != null : !!process.env.DOCKER_TLS_VERIFY && process.env.DOCKER_TLS_VERIFY !== '0';
  return new Docker({
    host: url.hostname,
    port: Number(url.port || (tls ? 2376 : 2375)),
    protocol: tls ? 'https' : 'http',
    ...(tls ? tlsFiles(ctx?.tlsDir ?? process.env.DOCKER_CERT_PATH ?? join(homedir(), '.docker')) : {}),
  });
}

/** ssh://[user@]host[:port]: the docker CLI's way — `docker system dial-stdio` on the remote host, through the SSH agent. */
export function sshOptions(endpoint: string, env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  const url = new URL(endpoint);
  return {
    protocol: 'ssh',
    host: url.hostname,
    port: Number(url.port || 22),
    username: decodeURIComponent(url.username) || env.USER || undefined,
    sshOptions: { agent: env.SSH_AUTH_SOCK },
  } as Docker.DockerOptions;
}

/** ca.pem, cert.pem and key.pem of a TLS directory (DOCKER_CERT_PATH or a context's), those that exist. */
function tlsFiles(dir: string): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (f: string): Buffer | undefined => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : undefined);
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

/** Where the endpoints come from, in the words doctor uses. */
function sourceOf(env: NodeJS.ProcessEnv, ctx: ContextEndpoint | null): string {
  if (env.DOCKER_HOST) return 'DOCKER_HOST';
  return ctx ? `docker context ${ctx.context}` : 'default sockets';
}

/** Connects to the first endpoint that answers a ping (see ConnectOptions); throws NoEngineError listing what was tried. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env, opts: ConnectOptions = {}): Promise<EngineConnection> {
  const tried: { endpoint: string; error: string }[] = [];
  const ctx = contextEndpoint(env);
  const where = { source: sourceOf(env, ctx), env };
  for (const endpoint of candidateEndpoints(env)) {
    if (endpoint.startsWith('unix://') && !env.DOCKER_HOST && !ctx && !existsSync(endpoint.slice(7))) {
      tried.push({ endpoint, error: 'no such socket' });
      continue;
    }
    const docker = dockerFor(endpoint, ctx);
    if (opts.ping === false) return connection(docker, endpoint, where);
    try {
      await withTimeout(docker.ping(), 5000, 'no answer within 5 s');
    } catch (err) {
      tried.push({ endpoint, error: describeError(err) });
      continue;
    }
    if (opts.describe === false) return connection(docker, endpoint, where);
    try {
      const v = await withTimeout(docker.version(), 5000, 'no answer within 5 s');
      const platform = (v as { Platform?: { Name?: string } }).Platform?.Name ?? '';
      const engineName = engineNameOf(v as VersionInfo);
      const described = { kind: engineName === 'Podman' ? 'podman' : 'docker', version: v.Version ?? '', apiVersion: v.ApiVersion ?? '', os: v.Os ?? '', platform } as const;
      return connection(docker, endpoint, where, described, engineName);
    } catch {
      // An engine that answers its ping but not /version still runs pods: the model shows no version.
      return connection(docker, endpoint, where);
    }
  }
  throw new NoEngineError(tried);
}

type Described = { kind: RuntimeKind; version: string; apiVersion: string; os: string; platform: string };

function connection(
  docker: Docker,
  endpoint: string,
  where: { source: string; env: NodeJS.ProcessEnv },
  v: Described = { kind: 'docker', version: '', apiVersion: '', os: '', platform: '' },
  engineName = '',
): EngineConnection {
  const runtime = new DockerRuntime(docker, { endpoint, ...v });
  const remote = isRemoteEngine(endpoint, engineName, where.env);
  return { runtime, docker, endpoint, version: v.version, apiVersion: v.apiVersion, os: v.os, engineName, remote, source: where.source };
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
