// What the CLI's command table (electron/cli/main.ts) starts before a command's code is loaded, for a command whose next
// step is a model of every pod of a local engine: the engine's version and container listing (how and why:
// runtime/docker/early.ts), and the native /proc dump that bin/podlab started, which finds the containers by itself
// meanwhile (probe/dumprun.ts).
import { askEarly } from './runtime/docker/early';
import { takeLaunchedDump } from './probe/dumprun';

/** Starts both; false when the engine is not a local socket (then nothing was started, and the dump is ended). */
export function startEarly(env: NodeJS.ProcessEnv): boolean {
  const asked = askEarly(env);
  takeLaunchedDump(env, asked);
  return asked;
}
