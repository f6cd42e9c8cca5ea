// The hands-on part of the engine as front ends (the CLI's exec/logs/debug/prove) use it: connect, find the
// container, run, attach — the internals stay in hands/ and runtime/.
import type { Readable } from 'node:stream';
import { connectEngine, type EngineConnection } from './docker';
import type { AttachedSession, AttachOptions } from './runtime/hands';
import { RuntimeError } from './runtime/runtime';
import { ensureRunning } from './hands/running';
import { choicesOf, findTarget, handsOf, type Target } from './hands/target';

export type { AttachedSession } from './runtime/hands';
export type { EngineConnection } from './docker';
export { HandsError, choicesOf } from './hands/target';
export { isUnreachable, describeError } from './docker';
export { openLogs, type LogSource, type LogsOptions } from './hands/logs';
export { startDebug, type DebugOptions } from './hands/debug';
export { provePod } from './hands/prove';

/** A connection without the ping (one round trip less): an absent engine shows on the first request (isUnreachable). */
export function connectForHands(env: NodeJS.ProcessEnv = process.env): Promise<EngineConnection> {
  return connectEngine(env, { ping: false });
}

/** `podlab exec`: the container (kubectl's default when none is named) must run; then argv runs in it, attached. */
export async function execIn(
  conn: EngineConnection,
  pod: string,
  container: string | undefined,
  argv: string[],
  opts: AttachOptions,
): Promise<{ target: Target; choices: string[]; session: AttachedSession }> {
  const target = await findTarget(conn, pod, container);
  await ensureRunning(conn, target);
  const session = await handsOf(conn)
    .exec(target.container.id, argv, opts)
    .catch(async (err: unknown) => {
      // It stopped between the lookup and the exec (a crashing container): the engine refuses with a conflict; answer
      // as for a container found stopped, from its state now.
      if (err instanceof RuntimeError && err.code === 'conflict') {
        const now = await conn.runtime.containers.status(target.container.id).catch(() => null);
        if (now && now.state !== 'running') await ensureRunning(conn, { ...target, container: { ...target.container, state: now.state } });
      }
      throw err;
    });
  return { target, choices: choicesOf(target.pods), session };
}

/** Waits until both streams of a log or session have ended. */
export function bothEnded(a: Readable, b: Readable): Promise<unknown> {
  return Promise.all([new Promise((r) => a.on('end', r)), new Promise((r) => b.on('end', r))]);
}
