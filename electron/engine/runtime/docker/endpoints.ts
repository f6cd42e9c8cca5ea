// Where a Docker-API engine may listen, in the order podlab tries them (connect.ts). No Docker client here: the CLI's
// first module reads it before any command is loaded (early.ts).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { contextEndpoint } from '../../context';

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
