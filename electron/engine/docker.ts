// The connection to the container runtime every engine module talks to. Today a Docker-API engine (Docker, Docker
// Desktop, Podman, Colima: runtime/docker/connect.ts); another runtime is chosen here, beside it.
import type Docker from 'dockerode';
import { connectDocker } from './runtime/docker/connect';

export { candidateEndpoints, sshOptions } from './runtime/docker/connect';
import type { Runtime } from './runtime/runtime';
import { RuntimeError } from './runtime/runtime';
import { criEndpoint } from './runtime-endpoint';
import { loadConfig, type PodlabConfig } from './config';
import { newCaches, type EngineCaches } from './caches';

export interface EngineConnection {
  /** The validated configuration this connection's engine modules read (never process.env). */
  config: PodlabConfig;
  /** What the engine remembers between reads (see caches.ts). */
  caches: EngineCaches;
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
  /** The configuration an entry point already loaded (else it is loaded from `env`). */
  config?: PodlabConfig;
  /**
   * Also list every container while the engine's version is asked, for a caller whose next step is a model of every
   * pod (`ls`, `snapshot`): the listing no longer waits for /version (which runs `runc --version` in the engine).
   */
  listAhead?: boolean;
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

/** Connects to the first runtime endpoint that answers (see ConnectOptions); throws NoEngineError listing what was tried. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env, opts: ConnectOptions = {}): Promise<EngineConnection> {
  // A CRI runtime when one is selected (--runtime-endpoint / CONTAINER_RUNTIME_ENDPOINT, crictl's conventions).
  const cri = criEndpoint(env);
  if (cri) return { config: opts.config ?? loadConfig(env), caches: newCaches(), ...(await (await import('./runtime/cri/connect')).connectCri(cri, env)) };
  const found = await connectDocker(env, opts, describeError);
  if ('tried' in found) throw new NoEngineError(found.tried);
  const { runtime, docker, engineName, remote, source, listing } = found;
  const { endpoint, version, apiVersion, os } = runtime.info;
  const caches = newCaches();
  if (listing) caches.listingAhead = listing;
  return { config: opts.config ?? loadConfig(env), caches, runtime, docker, endpoint, version, apiVersion, os, engineName, remote, source };
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
