// One container listing for a model of every pod: podlab's pods, the pods podlab only observes and the containers
// outside any pod were each listed separately (three listings, the plain one only after the others); they are now all
// filtered from one, asked for at once.
import type { ContainerSummary, ListFilter, Runtime } from '../runtime/runtime';

/** Whether a listed container passes a runtime list filter (labels "key" or "key=value", running, limit aside). */
export function matchesFilter(c: ContainerSummary, f: ListFilter): boolean {
  if (f.running && c.state !== 'running') return false;
  return (f.labels ?? []).every((l) => {
    const i = l.indexOf('=');
    return i < 0 ? l in c.labels : c.labels[l.slice(0, i)] === l.slice(i + 1);
  });
}

/**
 * The runtime, with `containers.list` answered from one listing of every container taken now, or the one `ahead`
 * already asked for (the engine's order kept). Everything else is the runtime's own. For one model build only: the
 * listing is not refreshed.
 */
export function withOneListing(rt: Runtime, ahead?: Promise<ContainerSummary[]>): Runtime {
  const all = ahead ?? rt.containers.list({});
  // Each caller gets the listing's failure on its own call, as before; nobody waiting is not an unhandled rejection.
  all.catch(() => undefined);
  const list = async (f: ListFilter = {}): Promise<ContainerSummary[]> => {
    const matching = (await all).filter((c) => matchesFilter(c, f));
    return f.limit ? matching.slice(0, f.limit) : matching;
  };
  return Object.create(rt, { containers: { value: { ...rt.containers, list } } }) as Runtime;
}
