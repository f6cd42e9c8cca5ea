// Finds a Docker-API engine (Docker, Docker Desktop, Podman's socket, Colima): DOCKER_HOST, else the usual sockets,
// and makes the Docker runtime for it. The Podman flavour is told apart from the engine's own /version.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { RuntimeInfo } from '../runtime';
import { DockerRuntime } from './index';

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

function dockerFor(endpoint: string, env: NodeJS.ProcessEnv): Docker {
  // A socket has no host name. Node's HTTP agent checks the Host header against its IPv6 pattern on every request
  // (~1 ms each, ~4 ms the first time) unless it is an IPv4 literal: say 127.0.0.1 (the engine ignores it).
  const local = { headers: { host: '127.0.0.1' } };
  if (endpoint.startsWith('unix://')) return new Docker({ socketPath: endpoint.slice('unix://'.length), ...local });
  if (endpoint.startsWith('npipe://')) return new Docker({ socketPath: endpoint.slice('npipe://'.length), ...local });
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  const tls = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
  return new Docker({
    host: url.hostname,
    port: Number(url.port || (tls ? 2376 : 2375)),
    protocol: tls ? 'https' : 'http',
  });
}

/** The first endpoint that answers (see ConnectOptions in ../../docker.ts), or what was tried and why it failed. */
export async function connectDocker(
  env: NodeJS.ProcessEnv,
  opts: { describe?: boolean; ping?: boolean },
  describeError: (err: unknown) => string,
): Promise<{ runtime: DockerRuntime; docker: Docker } | { tried: { endpoint: string; error: string }[] }> {
  const tried: { endpoint: string; error: string }[] = [];
  for (const endpoint of candidateEndpoints(env)) {
    if (endpoint.startsWith('unix://') && !env.DOCKER_HOST && !existsSync(endpoint.slice(7))) {
      tried.push({ endpoint, error: 'no such socket' });
      continue;
    }
    const docker = dockerFor(endpoint, env);
    const made = (info: Partial<RuntimeInfo> = {}): { runtime: DockerRuntime; docker: Docker } => ({
      runtime: new DockerRuntime(docker, { kind: 'docker', endpoint, version: '', apiVersion: '', os: '', platform: '', ...info }),
      docker,
    });
    if (opts.ping === false) return made();
    try {
      await withTimeout(docker.ping(), 5000, 'no answer within 5 s');
    } catch (err) {
      tried.push({ endpoint, error: describeError(err) });
      continue;
    }
    if (opts.describe === false) return made();
    try {
      const v = await withTimeout(docker.version(), 5000, 'no answer within 5 s');
      const platform = (v as { Platform?: { Name?: string } }).Platform?.Name ?? '';
      const podman = /podman/i.test(platform) || (v.Components ?? []).some((c) => /podman/i.test(c.Name));
      return made({ kind: podman ? 'podman' : 'docker', version: v.Version ?? '', apiVersion: v.ApiVersion ?? '', os: v.Os ?? '', platform });
    } catch {
      // An engine that answers its ping but not /version still runs pods: the model shows no version.
      return made();
    }
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
