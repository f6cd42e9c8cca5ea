// `podlab exec` as front ends use it: connect, find the container from one listing, run argv in it attached. Kept apart
// from hands-api.ts (logs, debug, prove) so that exec loads only what an exec needs: it races `docker exec`.
import type { PodlabConfig } from './config';
import { connectEngine, type EngineConnection } from './docker';
import type { AttachedSession, AttachOptions } from './runtime/hands';
import { RuntimeError } from './runtime/runtime';
import { ensureRunning } from './hands/running';
import { choicesOf, findTarget, handsOf, type Target } from './hands/target';

export type { AttachedSession } from './runtime/hands';
export type { EngineConnection } from './docker';
export { HandsError } from './hands/target';
export { isUnreachable, describeError } from './docker';

/** A connection without the ping (one round trip less): an absent engine shows on the first request (isUnreachable). */
export function connectForHands(env: NodeJS.ProcessEnv = process.env, config?: PodlabConfig): Promise<EngineConnection> {
  return connectEngine(env, { ping: false, config });
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
      // It stopped between the lookup and the exec (a crashing container): the engine refuses the create (409) or the
      // start (its "Container … is not running" on the hijacked request, which carries no status code); whatever the
      // refusal, unless the engine is gone, answer as for a container found stopped, from its state now.
      if (!(err instanceof RuntimeError && err.code === 'unavailable')) {
        const now = await conn.runtime.containers.status(target.container.id).catch(() => null);
        if (now && now.state !== 'running') await ensureRunning(conn, { ...target, container: { ...target.container, state: now.state } });
      }
      throw err;
    });
  return { target, choices: choicesOf(target.pods), session };
}
