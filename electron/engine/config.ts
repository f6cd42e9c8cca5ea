// podlab's configuration: every environment variable it reads, validated once by loadConfig(env) where a process
// starts (CLI, `podlab serve`, Electron main, a connection) and passed down on the engine connection — engine
// modules read `conn.config`, never process.env. README.md ("Environment") lists the same variables.
import type { ProbePath } from '../../shared/model';
import { DEFAULT_DEMO_IMAGE, DEFAULT_PAUSE_IMAGE } from '../../shared/model';
import { backoffFromEnv, type BackoffOptions } from '../../shared/conflicts/backoff';

export interface PodlabConfig {
  /** PODLAB_PAUSE_IMAGE: the sandbox image. */
  pauseImage: string;
  /** PODLAB_DEMO_IMAGE or busybox: the helper probe's image. */
  demoImage: string;
  /** PODLAB_DEMO_IMAGE when set: replaces the image of every container of the built-in templates. */
  templateImage: string | null;
  /** PODLAB_PROBE: a forced probe path, or null to detect it. */
  probe: ProbePath | null;
  /** PODLAB_REFRESH_MS: the live model's socket-table refresh interval. */
  refreshMs: number;
  /** PODLAB_KUBELET=off|0 turns the restart manager off. */
  kubelet: boolean;
  /** PODLAB_KUBELET_ONLY (tests): the restart manager handles only pods whose name starts with this. */
  kubeletOnly: string | null;
  /** PODLAB_BACKOFF_BASE_MS / _MAX_MS / _RESET_MS (tests): the kubelet's back-off. */
  backoff: BackoffOptions;
  /** PODLAB_TEMPLATES_DIR: where the built-in templates are (default: templates/ beside package.json). */
  templatesDir: string | null;
  /** PODLAB_RENDERER_DIR: the built UI `podlab serve` serves (default: out/renderer). */
  rendererDir: string | null;
  /** PODLAB_WATCH_STATS=1 (bench): `watch` prints each socket refresh's cost on stderr. */
  watchStats: boolean;
}

/** A variable podlab cannot use; the message names it and what to set instead (exit 2: nothing was done). */
export class ConfigError extends Error {
  readonly exitCode = 2;
  override name = 'ConfigError';
}

const PROBES: readonly ProbePath[] = ['direct', 'helper', 'none'];

function positive(env: NodeJS.ProcessEnv, name: string): void {
  const v = env[name];
  if (v === undefined || v === '') return;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name}=${v} is not a positive whole number of milliseconds: set a number like 2000, or unset it`);
}

/** Reads and checks every variable podlab uses; throws ConfigError naming the first one it cannot use. */
export function loadConfig(env: NodeJS.ProcessEnv): PodlabConfig {
  const probe = env.PODLAB_PROBE || null;
  if (probe !== null && !(PROBES as readonly string[]).includes(probe)) {
    throw new ConfigError(`PODLAB_PROBE=${probe} is not a probe path: set direct, helper or none, or unset it to let podlab choose`);
  }
  const kubelet = env.PODLAB_KUBELET ?? '';
  if (!['', 'on', '1', 'off', '0'].includes(kubelet)) throw new ConfigError(`PODLAB_KUBELET=${kubelet}: set off (or 0) to turn the restart manager off, or unset it`);
  for (const name of ['PODLAB_REFRESH_MS', 'PODLAB_BACKOFF_BASE_MS', 'PODLAB_BACKOFF_MAX_MS', 'PODLAB_BACKOFF_RESET_MS']) positive(env, name);
  return {
    pauseImage: env.PODLAB_PAUSE_IMAGE || DEFAULT_PAUSE_IMAGE,
    demoImage: env.PODLAB_DEMO_IMAGE || DEFAULT_DEMO_IMAGE,
    templateImage: env.PODLAB_DEMO_IMAGE || null,
    probe: probe as ProbePath | null,
    refreshMs: Number(env.PODLAB_REFRESH_MS) || 2000,
    kubelet: kubelet !== 'off' && kubelet !== '0',
    kubeletOnly: env.PODLAB_KUBELET_ONLY || null,
    backoff: backoffFromEnv(env),
    templatesDir: env.PODLAB_TEMPLATES_DIR || null,
    rendererDir: env.PODLAB_RENDERER_DIR || null,
    watchStats: env.PODLAB_WATCH_STATS === '1',
  };
}
