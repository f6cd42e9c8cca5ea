// The built-in templates are valid v1 Pod manifests with a lesson each, and PODLAB_DEMO_IMAGE replaces every image.
import { afterEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/manifest/parse';
import { TEMPLATE_ORDER, applyDemoImage, listTemplates, templateManifest } from '../../electron/engine/templates';

describe('built-in templates', () => {
  const saved = process.env.PODLAB_DEMO_IMAGE;
  afterEach(() => {
    if (saved === undefined) delete process.env.PODLAB_DEMO_IMAGE;
    else process.env.PODLAB_DEMO_IMAGE = saved;
  });

  it('lists the five lessons in teaching order, each with a title and a description', async () => {
    const list = await listTemplates();
    expect(list.map((t) => t.name).slice(0, 5)).toEqual(TEMPLATE_ORDER);
    for (const t of list) {
      expect(t.title.length, t.name).toBeGreaterThan(5);
      expect(t.description.length, t.name).toBeGreaterThan(100);
    }
  });

  it('are valid, with the API server warnings only where the lesson wants them', async () => {
    delete process.env.PODLAB_DEMO_IMAGE;
    const warnings: Record<string, string[]> = {};
    for (const name of TEMPLATE_ORDER) {
      const r = parseManifest((await templateManifest(name)) ?? '');
      expect(r.ok, name).toBe(true);
      if (!r.ok) continue;
      expect(r.pod.name).toBe(name);
      expect(r.pod.containers.every((c) => c.image === 'busybox')).toBe(true);
      warnings[name] = r.warnings;
    }
    expect(warnings['port-conflict']).toEqual(['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]']);
    expect(Object.entries(warnings).filter(([n, w]) => n !== 'port-conflict' && w.length)).toEqual([]);
  });

  it('teach what they say: hostport-clash publishes 8080 on 127.0.0.1, tcp-udp uses 53 twice', async () => {
    const clash = parseManifest((await templateManifest('hostport-clash')) ?? '');
    expect(clash.ok && clash.pod.containers[0].ports[0]).toMatchObject({ hostPort: 8080, hostIP: '127.0.0.1' });
    const tu = parseManifest((await templateManifest('tcp-udp')) ?? '');
    expect(tu.ok && tu.pod.containers.map((c) => `${c.ports[0].containerPort}/${c.ports[0].protocol}`)).toEqual(['53/tcp', '53/udp']);
  });

  it('take PODLAB_DEMO_IMAGE for every container', async () => {
    process.env.PODLAB_DEMO_IMAGE = 'podlab-test/demo:local';
    const r = parseManifest((await templateManifest('multi-port')) ?? '');
    expect(r.ok && r.pod.containers.map((c) => c.image)).toEqual(Array(3).fill('podlab-test/demo:local'));
    expect(applyDemoImage('  - image: busybox\n    image: x\n', { PODLAB_DEMO_IMAGE: 'y' })).toBe('  - image: "y"\n    image: "y"\n');
  });

  it('return null for unknown names and refuse paths', async () => {
    expect(await templateManifest('nope')).toBeNull();
    expect(await templateManifest('../package')).toBeNull();
  });
});
