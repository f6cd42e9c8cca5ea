// The skeleton the tests' private engines share (dockerd, Podman's service, containerd): a daemon started with its log
// in its own dir, waited for until it answers (or dies, or 30 s pass), stopped with SIGTERM then SIGKILL, and its dir
// unmounted and removed. Each engine keeps only what is its own. No vitest imports (Playwright and scripts use them).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openSync, rmSync } from 'node:fs';

/** Runs `f`, ignoring a failure: a cleanup step is best effort (already gone, never created). */
export function quiet(f: () => void): void {
  try {
    f();
  } catch {
    // best effort (already gone / never created)
  }
}

/** Starts the daemon `cmd args` with its stdout and stderr appended to `logPath`. */
export function spawnLogged(cmd: string, args: string[], logPath: string, env?: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(logPath, 'a');
  return spawn(cmd, args, { stdio: ['ignore', log, log], ...(env ? { env } : {}) });
}

/**
 * Waits until `answers()` is true; throws, naming the daemon (`what`) and its log, when the daemon exits first or
 * `timeoutMs` pass. Bounded in time and in tries.
 */
export async function waitUntilAnswers(what: string, daemon: ChildProcess, answers: () => boolean | Promise<boolean>, logPath: string, stepMs = 200, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const tries = Math.ceil(timeoutMs / stepMs) + 50;
  for (let i = 0; ; i++) {
    const ok = await Promise.resolve()
      .then(answers)
      .catch(() => false);
    if (ok) return;
    if (daemon.exitCode !== null) throw new Error(`private ${what} exited (${daemon.exitCode}); see ${logPath}`);
    if (Date.now() > deadline || i > tries) throw new Error(`private ${what} did not answer within ${Math.round(timeoutMs / 1000)} s; see ${logPath}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** SIGTERM, then SIGKILL after `killAfterMs`; resolves once the daemon has exited (at once when it already had). */
export async function stopDaemon(d: ChildProcess | null, killAfterMs: number): Promise<void> {
  if (!d || d.exitCode !== null) return;
  const exited = new Promise<void>((res) => d.once('exit', () => res()));
  d.kill('SIGTERM');
  const t = setTimeout(() => d.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(t);
}

/** Lazily unmounts everything mounted below `dir` (deepest first: overlays, shm, netns binds), then removes it. */
export function removeServiceDir(dir: string): void {
  quiet(() => execFileSync('sh', ['-c', `grep -o " ${dir}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`], { stdio: 'ignore' }));
  rmSync(dir, { recursive: true, force: true });
}
