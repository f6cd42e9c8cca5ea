// Every built-in lesson reads in Korean too: each template carries a Korean title and description (the gallery shows
// them when the UI is in Korean), and every prediction line and its parts render in both languages.
import { describe, expect, it } from 'vitest';
import { listTemplates } from '../../electron/engine/templates';
import { render } from '../../shared/i18n/message';
import { manifestWarningMessages, manifestWarnings } from '../../shared/manifest/warnings';
import { parseManifest } from '../../shared/manifest/parse';

const hangul = /[\uac00-\ud7af]/;

describe('templates in Korean', () => {
  it('each template has a Korean title and lesson besides the English ones', async () => {
    const all = await listTemplates();
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const t of all) {
      const ko = t.translations?.ko;
      expect(ko?.title, t.name).toMatch(hangul);
      expect(ko?.description, t.name).toMatch(hangul);
      expect(ko?.title).not.toBe(t.title);
    }
  });

  it('a manifest\'s warnings as codes render to exactly the English lines, and to Korean predictions', async () => {
    const tpl = (await listTemplates()).find((t) => t.name === 'port-conflict')!;
    const r = parseManifest(tpl.manifest);
    if (!r.ok) throw new Error('port-conflict must parse');
    const spec = { ...r.pod, containers: r.pod.containers.map((c) => ({ ...c, ports: [] })) };
    const codes = manifestWarningMessages(spec, []);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.map((m) => render(m, 'en'))).toEqual(manifestWarnings(spec, []));
    for (const m of codes) {
      expect(render(m, 'ko')).toMatch(hangul);
      expect(render(m, 'ko')).toContain('80/tcp');
    }
  });
});
