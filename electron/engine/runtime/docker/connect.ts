// Finds a Docker-API engine (Docker, Docker Desktop, Podman's socket, Colima): DOCKER_HOST, else the docker CLI's
// current context, else the usual sockets, and makes the Docker runtime for it. Which engine answers (Docker, Docker
// Desktop, Podman) is told from its own /version; whether its processes are this machine's from the endpoint.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { contextEndpoint, type ContextEndpoint } from '../../context';
import { candidateEndpoints, SOCKET_HOST_HEADER, worthTrying } from './endpoints';
import { takeEarly } from './early';
import { trace } from '../../trace';
import { containerSummary } from './status';
import { engineNameOf, isRemoteEngine, type VersionInfo } from '../../identity';
import type { ContainerSummary, RuntimeInfo } from '../runtime';
import { DockerRuntime } from './index';

export { candidateEndpoints };

function dockerFor(endpoint: string, env: NodeJS.ProcessEnv, ctx: ContextEndpoint | null): Docker {
  const local = { headers: { host: SOCKET_HOST_HEADER } };
  if (endpoint.startsWith('unix://')) return new Docker({ socketPath: endpoint.slice('unix://'.length), ...local });
  if (endpoint.startsWith('npipe://')) return new Docker({ socketPath: endpoint.slice('npipe://'.length), ...local });
  if (endpoint.startsWith('ssh://')) return new Docker(sshOptions(endpoint, env));
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  const tls = ctx ? ctx.tlsDir != null : !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
  return new Docker({
    host: url.hostname,
    port: Number(url.port || (tls ? 2376 : 2375)),
    protocol: tls ? 'https' : 'http',
    ...(tls ? tlsFiles(ctx?.tlsDir ?? env.DOCKER_CERT_PATH ?? join(homedir(), '.docker')) : {}),
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

/** A connected Docker-API engine: its runtime, the client underneath, and who it is. */
export interface DockerConnected {
  runtime: DockerRuntime;
  docker: Docker;
  /** The engine's product ("Docker", "Docker Desktop", "Podman"); '' when not asked. */
  engineName: string;
  /** Its processes are not this machine's (ssh://, remote tcp://, a VM). */
  remote: boolean;
  /** "DOCKER_HOST", "docker context <name>" or "default sockets". */
  source: string;
  /** Every container, listed while /version was asked (opts.listAhead). */
  listing?: Promise<ContainerSummary[]>;
}

/** The first endpoint that answers (see ConnectOptions in ../../docker.ts), or what was tried and why it failed. */
export async function connectDocker(
  env: NodeJS.ProcessEnv,
  opts: { describe?: boolean; ping?: boolean; listAhead?: boolean },
  describeError: (err: unknown) => string,
): Promise<DockerConnected | { tried: { endpoint: string; error: string }[] }> {
  const tried: { endpoint: string; error: string }[] = [];
  const ctx = contextEndpoint(env);
  const source = sourceOf(env, ctx);
  for (const endpoint of candidateEndpoints(env)) {
    if (!worthTrying(endpoint, env, ctx !== null)) {
      tried.push({ endpoint, error: 'no such socket' });
      continue;
    }
    const docker = dockerFor(endpoint, env, ctx);
    const made = (info: Partial<RuntimeInfo> = {}, engineName = ''): DockerConnected => ({
      runtime: new DockerRuntime(docker, { kind: 'docker', endpoint, version: '', apiVersion: '', os: '', platform: '', ...info }),
      docker,
      engineName,
      remote: isRemoteEngine(endpoint, engineName, env),
      source,
    });
    if (opts.ping === false) return made();
    // /version answers what a ping would, and who the engine is: one round trip instead of two. Only when it fails is
    // the engine pinged, to tell one that is not there from one that answers its ping but not /version.
    if (opts.describe !== false) {
      // The listing goes out beside /version (its answer does not depend on the engine's version); an endpoint that
      // fails drops it. How a listing is read does not depend on the engine's kind.
      // The CLI may have asked both already, before loading this code (early.ts); what failed there is asked again.
      const early = takeEarly(endpoint);
      const own = (): Promise<ContainerSummary[]> => made().runtime.containers.list({});
      const listing = opts.listAhead ? (early ? early.listing.then((l) => (l as Docker.ContainerInfo[]).map(containerSummary)).catch(own) : own()) : undefined;
      listing?.catch(() => undefined);
      void listing?.then(() => trace('listing received'), () => undefined);
      try {
        const version = early ? (early.version as Promise<Docker.DockerVersion>).catch(() => docker.version()) : docker.version();
        const v = await withTimeout(version, 5000, 'no answer within 5 s');
        const platform = (v as { Platform?: { Name?: string } }).Platform?.Name ?? '';
        const engineName = engineNameOf(v as VersionInfo);
        const kind = engineName === 'Podman' ? 'podman' : 'docker';
        return { ...made({ kind, version: v.Version ?? '', apiVersion: v.ApiVersion ?? '', os: v.Os ?? '', platform }, engineName), ...(listing ? { listing } : {}) };
      } catch (err) {
        // No HTTP answer at all (no socket, refused, timed out): not there, as a failed ping would say.
        if (typeof (err as { statusCode?: unknown }).statusCode !== 'number') {
          tried.push({ endpoint, error: describeError(err) });
          continue;
        }
      }
    }
    try {
      await withTimeout(docker.ping(), 5000, 'no answer within 5 s');
    } catch (err) {
      tried.push({ endpoint, error: describeError(err) });
      continue;
    }
    // An engine that answers its ping but not /version still runs pods: the model shows no version.
    return made();
  }
  return { tried };
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
