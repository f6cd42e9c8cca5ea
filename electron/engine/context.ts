// Where the docker CLI would connect: DOCKER_HOST, else DOCKER_CONTEXT, else the config's currentContext, read from
// ~/.docker/config.json and the context store (contexts/meta/<sha256(name)>/meta.json) exactly as the CLI does.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ContextEndpoint {
  /** The engine's address, e.g. "tcp://10.0.0.5:2376", "ssh://me@box", "unix:///run/podman/podman.sock". */
  host: string;
  /** The context's name ("default" never gets here: it means the usual sockets). */
  context: string;
  /** TLS material of the context (contexts/tls/<sha256>/docker/{ca,cert,key}.pem), when it has some. */
  tlsDir: string | null;
  skipTlsVerify: boolean;
}

/** The docker CLI's config directory: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function field(o: unknown, key: string): unknown {
  return o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
}

/** The context the CLI would use (DOCKER_CONTEXT wins over currentContext); null for none or "default". */
export function currentContextName(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.DOCKER_CONTEXT;
  const name = fromEnv || field(readJson(join(dockerConfigDir(env), 'config.json')), 'currentContext');
  return typeof name === 'string' && name !== '' && name !== 'default' ? name : null;
}

/**
 * The docker endpoint of the current context, or null when there is none (no context, "default", or DOCKER_HOST set —
 * which the CLI prefers). Throws when a named context is missing, as `docker` does, so the user learns why.
 */
export function contextEndpoint(env: NodeJS.ProcessEnv = process.env): ContextEndpoint | null {
  if (env.DOCKER_HOST) return null;
  const name = currentContextName(env);
  if (!name) return null;
  const digest = createHash('sha256').update(name).digest('hex');
  const dir = dockerConfigDir(env);
  const meta = readJson(join(dir, 'contexts', 'meta', digest, 'meta.json'));
  const docker = field(field(meta, 'Endpoints'), 'docker');
  const host = field(docker, 'Host');
  if (typeof host !== 'string' || host === '') {
    throw new Error(`The docker context "${name}" (from ${env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : `${dir}/config.json`}) has no docker endpoint in ${dir}/contexts/meta/${digest}/meta.json. Run "docker context ls" and "docker context use <name>", or set DOCKER_HOST.`);
  }
  const tlsDir = join(dir, 'contexts', 'tls', digest, 'docker');
  return { host, context: name, tlsDir: existsSync(tlsDir) ? tlsDir : null, skipTlsVerify: field(docker, 'SkipTLSVerify') === true };
}
