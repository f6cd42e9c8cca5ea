// The topology in keyed parts (topologyParts): the UI replaces only the parts whose text changed, so a container's
// change in one pod must change that pod's part and leave the other pods' parts byte-identical — and the parts must
// still make exactly the one SVG document snapshots export.
import { describe, expect, it } from 'vitest';
import { renderTopologySvg, topologyParts } from '../../shared/render/topology';
import { PodPartCache } from '../../shared/render/topology-cache';
import { sampleModel, samplePod } from './topology.fixture';

const pods = (): ReturnType<typeof samplePod>[] => Array.from({ length: 12 }, (_, i) => samplePod(i));

describe('topologyParts', () => {
  it('has one part per pod, keyed by its name, and the parts make renderTopologySvg', () => {
    const model = sampleModel(pods());
    const { attrs, parts } = topologyParts(model, { interactive: true, width: 1300 });
    expect(parts.filter((p) => p.key.startsWith('pod:')).map((p) => p.key).sort()).toEqual(model.pods.map((p) => `pod:${p.name}`).sort());
    const svg = renderTopologySvg(model, { interactive: true, width: 1300 });
    for (const p of parts) expect(svg).toContain(p.svg);
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${attrs.width}" height="${attrs.height}"`)).toBe(true);
  });

  it('a killed container in one pod changes that pod\'s part only', () => {
    const before = topologyParts(sampleModel(pods()), { interactive: true, width: 1300 }).parts;
    const changed = pods();
    changed[7]!.containers[0] = { ...changed[7]!.containers[0]!, state: 'exited', exitCode: 137, reason: 'Error' };
    changed[7]!.phase = 'Running';
    const after = topologyParts(sampleModel(changed), { interactive: true, width: 1300 }).parts;
    const differing = after.filter((p, i) => p.svg !== before[i]?.svg).map((p) => p.key);
    expect(differing).toEqual(['pod:pod-7']);
  });
});

describe('topologyParts with a PodPartCache', () => {
  it('keeps the parts of unchanged pods, draws a changed one again, and still makes the same SVG', () => {
    const cache = new PodPartCache();
    const opts = { interactive: true, width: 1300, cache } as const;
    const model = sampleModel(pods());
    const first = topologyParts(model, opts).parts;
    const changed = { ...model, pods: model.pods.map((p, i) => (i === 7 ? { ...p, containers: [{ ...p.containers[0]!, state: 'exited' as const, exitCode: 137, reason: 'Error' as const }, ...p.containers.slice(1)] } : p)) };
    const second = topologyParts(changed, opts).parts;
    const redrawn = second.filter((p, i) => p.key.startsWith('pod:') && p !== first[i]).map((p) => p.key);
    expect(redrawn).toEqual(['pod:pod-7']);
    expect(second.map((p) => p.svg)).toEqual(topologyParts(changed, { interactive: true, width: 1300 }).parts.map((p) => p.svg));
  });

  it('draws a pod again when its selection, place or the theme changes', () => {
    const cache = new PodPartCache();
    const model = sampleModel(pods());
    const first = topologyParts(model, { interactive: true, width: 1300, cache }).parts;
    const selected = topologyParts(model, { interactive: true, width: 1300, cache, selected: { pod: 'pod-2', container: 'web' } }).parts;
    expect(selected.filter((p, i) => p !== first[i] && p.key.startsWith('pod:')).map((p) => p.key)).toEqual(['pod:pod-2']);
    const dark = topologyParts(model, { interactive: true, width: 1300, cache, theme: 'dark' }).parts;
    expect(dark.map((p) => p.svg)).toEqual(topologyParts(model, { interactive: true, width: 1300, theme: 'dark' }).parts.map((p) => p.svg));
    const narrow = topologyParts(model, { interactive: true, width: 700, cache, theme: 'dark' }).parts;
    expect(narrow.map((p) => p.svg)).toEqual(topologyParts(model, { interactive: true, width: 700, theme: 'dark' }).parts.map((p) => p.svg));
  });
});
