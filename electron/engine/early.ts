// What the CLI's command table (electron/cli/main.ts) starts before a command's code is loaded, for a command whose next
// step is a model of every pod of a local engine: the engine's version and container listing (how and why:
// runtime/docker/early.ts), and the native /proc dump that bin/podlab started, which finds the containers by itself
// meanwhile (probe/dumprun.ts).
import { askEarly, peekEarly } from './runtime/docker/early';
import { engineNameOf, type VersionInfo } from './identity';
import { askEarlyDump, dumpEntry, takeLaunchedDump } from './probe/dumprun';
import { LABEL_POD } from './runtime/vocabulary';
import { trace } from './trace';

/**
 * Starts both; false when the engine is not a local socket (then nothing was started, and the dump is ended). Once the
 * listing is in (bin/podlab's launcher asked for it before Node started: often before the command's code loads) and the
 * engine is Docker, the dump is asked for every running container that says it is a pod's sandbox or app, so that the
 * helper reads them on the other core while the command loads. The describer (pods/listed.ts) keeps only podlab's own of them (all of
 * podlab's marks, pods/guard.ts) and takes the rest of what it needs from the same answer.
 */
export function startEarly(env: NodeJS.ProcessEnv): boolean {
  const asked = askEarly(env);
  const early = takeLaunchedDump(env, asked) ? peekEarly() : null;
  // Only a Docker engine's containers are described from the dump (model/build.ts): no other engine's are read for it.
  if (early) {
    Promise.all([early.listing, early.version]).then(
      ([list, version]) => {
        if (engineNameOf(version as VersionInfo) === 'Docker' && askEarlyDump(runningPodContainers(list))) trace('proc dump asked with the early listing');
      },
      () => undefined,
    );
  }
  return asked;
}

/** The engine's listing (Docker's JSON) reduced to what the dump reads of the containers labelled as a pod's. */
function runningPodContainers(list: unknown[]): { id: string; sandbox: boolean }[] {
  return list.flatMap((c) => {
    const { Id, State, Labels } = (c ?? {}) as { Id?: unknown; State?: unknown; Labels?: Record<string, string> | null };
    return typeof Id === 'string' && typeof Labels?.[LABEL_POD] === 'string' ? (dumpEntry(Id, State, Labels) ?? []) : [];
  });
}
