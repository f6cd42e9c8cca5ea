// Where a Docker-API engine may listen, in the order podlab tries them (connect.ts). No Docker client here: the CLI's
// first module reads it before any command is loaded (early.ts).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { contextEndpoint } from '../../context';

/**
 * The Host header podlab sends over a socket, which has no host name: an IPv4 literal, because Node's HTTP agent checks
 * any other against its IPv6 pattern on every request (~1 ms each, ~4 ms the first time). The engine ignores it.
 */
export const SOCKET_HOST_HEADER = '127.0.0.1';

/**
 * Whether a candidate is tried at all: an endpoint that DOCKER_HOST or a docker context names always is; one of the
 * usual sockets only when its file exists.
 */
export function worthTrying(endpoint: string, env: NodeJS.ProcessEnv, fromContext: boolean): boolean {
  return !endpoint.startsWith('unix://') || !!env.DOCKER_HOST || fromContext || existsSync(endpoint.slice('unix://'.length));
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
