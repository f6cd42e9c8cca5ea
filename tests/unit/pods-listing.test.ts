// One listing for a whole model build (pods/listing.ts): every filtered list call is answered from the one listing,
// with the runtime's own label-filter meaning ("key" present, "key=value" equal) and its order kept.
import { describe, expect, it } from 'vitest';
import type { ContainerSummary, ListFilter, Runtime } from '../../electron/engine/runtime/runtime';
import { matchesFilter, withOneListing } from '../../electron/engine/pods/listing';
import { newCaches, takeListingAhead } from '../../electron/engine/caches';

const c = (id: string, labels: Record<string, string>, state: ContainerSummary['state'] = 'running'): ContainerSummary => ({ id, name: id, image: 'x', labels, state, created: 0, ports: [] });
const all = [c('a', { 'io.podlab.pod': 'p1' }), c('b', { 'io.podlab.pod': 'p2' }, 'exited'), c('k', { 'io.kubernetes.pod.uid': 'u' }), c('z', {})];

function fakeRuntime(): { rt: Runtime; calls: ListFilter[] } {
  const calls: ListFilter[] = [];
  const rt = { info: { kind: 'docker' }, containers: { list: async (f: ListFilter = {}) => (calls.push(f), all) }, marker: 'own' } as unknown as Runtime;
  return { rt, calls };
}

describe('withOneListing', () => {
  it('answers every filtered call from one unfiltered listing', async () => {
    const { rt, calls } = fakeRuntime();
    const view = withOneListing(rt);
    const [pods, kube, one, running, first] = await Promise.all([
      view.containers.list({ labels: ['io.podlab.pod'] }),
      view.containers.list({ labels: ['io.kubernetes.pod.uid'] }),
      view.containers.list({ labels: ['io.podlab.pod=p2'] }),
      view.containers.list({ running: true }),
      view.containers.list({ limit: 1 }),
    ]);
    expect(calls).toEqual([{}]);
    expect(pods.map((x) => x.id)).toEqual(['a', 'b']);
    expect(kube.map((x) => x.id)).toEqual(['k']);
    expect(one.map((x) => x.id)).toEqual(['b']);
    expect(running.map((x) => x.id)).toEqual(['a', 'k', 'z']);
    expect(first.map((x) => x.id)).toEqual(['a']);
    // Everything but the listing is the runtime's own.
    expect((view as unknown as { marker: string }).marker).toBe('own');
  });

  it('matchesFilter: a key must be present, key=value must be equal', () => {
    expect(matchesFilter(all[0]!, { labels: ['io.podlab.pod=p1'] })).toBe(true);
    expect(matchesFilter(all[0]!, { labels: ['io.podlab.pod=p'] })).toBe(false);
    expect(matchesFilter(all[3]!, { labels: ['io.podlab.pod'] })).toBe(false);
  });
});

describe('the listing asked for while connecting', () => {
  it('answers a model build instead of a new listing, and only the first one', async () => {
    const { rt, calls } = fakeRuntime();
    const caches = newCaches();
    caches.listingAhead = Promise.resolve([all[0]!, all[2]!]);
    const first = withOneListing(rt, takeListingAhead(caches));
    expect((await first.containers.list({ labels: ['io.podlab.pod'] })).map((x) => x.id)).toEqual(['a']);
    expect(calls).toEqual([]);
    // A later build lists afresh.
    expect(takeListingAhead(caches)).toBeUndefined();
    await withOneListing(rt, takeListingAhead(caches)).containers.list({});
    expect(calls).toEqual([{}]);
  });
});
