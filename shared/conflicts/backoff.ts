// The kubelet's restart back-off: 10 s, 20 s, 40 s … capped at 5 min, back to the start after a container has
// run fine for 10 min. Base and cap are injectable so tests can use short intervals.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A run at least this long resets the back-off (kubelet: 10 min). */
  resetAfterMs: number;
}

export const KUBELET_BACKOFF: BackoffOptions = { baseMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

/** The delay before the restart that follows `step` earlier back-offs (step 0 → base). */
export function backoffDelay(step: number, opts: BackoffOptions = KUBELET_BACKOFF): number {
  const s = Math.max(0, Math.min(step, 30));
  return Math.min(opts.baseMs * 2 ** s, opts.maxMs);
}

/**
 * After a container exits: how long to wait and which back-off step the next container carries.
 * `step` is the step of the container that just exited; `ranMs` how long it ran.
 */
export function nextBackoff(step: number, ranMs: number, opts: BackoffOptions = KUBELET_BACKOFF): { delayMs: number; nextStep: number } {
  const s = ranMs >= opts.resetAfterMs ? 0 : step;
  return { delayMs: backoffDelay(s, opts), nextStep: s + 1 };
}

/** Back-off options from the environment: PODLAB_BACKOFF_BASE_MS / PODLAB_BACKOFF_MAX_MS are test-only knobs. */
export function backoffFromEnv(env: Record<string, string | undefined>): BackoffOptions {
  const num = (v: string | undefined, d: number): number => {
    const n = Number(v);
    return v && Number.isFinite(n) && n > 0 ? n : d;
  };
  const baseMs = num(env.PODLAB_BACKOFF_BASE_MS, KUBELET_BACKOFF.baseMs);
  const maxMs = num(env.PODLAB_BACKOFF_MAX_MS, Math.max(baseMs, KUBELET_BACKOFF.maxMs * (baseMs / KUBELET_BACKOFF.baseMs)));
  return { baseMs, maxMs, resetAfterMs: num(env.PODLAB_BACKOFF_RESET_MS, KUBELET_BACKOFF.resetAfterMs) };
}

/** Whether a container that exited with `exitCode` is restarted under `policy`. */
export function shouldRestart(policy: 'Always' | 'OnFailure' | 'Never', exitCode: number | null): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}
