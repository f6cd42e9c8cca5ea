// Hostile manifests up to the 256 KiB limit get one clear answer with bounded work (shared/manifest/yaml-bounded.ts):
// the first error only, duplicate keys found with one Set per map, deep nesting refused before the stack overflows,
// at most MAX_ISSUES errors, and the small wording fixes (UTF-16, !!binary). Times are printed by `npm run bench`.
import { describe, expect, it } from 'vitest';
import { MAX_ISSUES, MAX_MANIFEST_BYTES, parseManifest } from '../../shared/manifest/parse';
import { lineCol, MAX_NESTING, nestingProblem, parseYamlBounded } from '../../shared/manifest/yaml-bounded';
import { HOSTILE_MANIFESTS } from '../../shared/manifest/hostile';

const errorsOf = (text: string): string[] => {
  const r = parseManifest(text);
  return r.ok ? [] : r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
};

const pod = (extra = ''): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${extra}spec:\n  containers:\n    - name: web\n      image: busybox\n`;

describe('bounded YAML', () => {
  it.each(Object.keys(HOSTILE_MANIFESTS))('%s: within the size limit, refused with one message', (name) => {
    const text = HOSTILE_MANIFESTS[name]();
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_MANIFEST_BYTES);
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
    expect(errors.join('\n').length).toBeLessThan(20_000);
  });

  it('the issue\'s anchors (&a &a …) stop at the first error, with its line and column', () => {
    expect(errorsOf(HOSTILE_MANIFESTS.anchors())).toEqual(['not valid YAML or JSON: A node can have at most one anchor at line 1, column 4 — fix the syntax']);
  });

  it('24k unique keys are one pass (16k labels accepted); bad ones are capped at MAX_ISSUES plus a summary', () => {
    const top = Array.from({ length: 24_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(errorsOf(top)[0]).toMatch(/^k0: not supported by podlab: k0/);
    const keys = Array.from({ length: 16_000 }, (_, i) => `    k${i}: v`).join('\n');
    expect(parseManifest(pod(`  labels:\n${keys}\n`)).ok).toBe(true);
    const bad = Array.from({ length: 5000 }, (_, i) => `    -k${i}: v`).join('\n');
    const errors = errorsOf(pod(`  labels:\n${bad}\n`));
    expect(errors).toHaveLength(MAX_ISSUES + 1);
    expect(errors[MAX_ISSUES]).toMatch(/and 4950 more errors/);
  });

  it('duplicate keys are still refused, naming the key and where', () => {
    expect(errorsOf('a: 1\nb: 2\na: 3\n')).toEqual(['not valid YAML or JSON: Map keys must be unique ("a" appears twice) at line 3, column 1 — fix the syntax']);
    expect(errorsOf(pod('  labels:\n    x: "1"\n    x: "2"\n'))[0]).toMatch(/Map keys must be unique \("x"/);
  });

  it('deep nesting says so, instead of a stack overflow reported as a syntax error', () => {
    expect(errorsOf('['.repeat(100_000))[0]).toMatch(/nested too deeply \(more than 64 levels of \[ and \{\) at line 1, column 65/);
    expect(errorsOf('- '.repeat(60_000) + 'x')[0]).toMatch(/nested too deeply/);
    expect(nestingProblem('a: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n# {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n')).toBeNull();
    expect(nestingProblem('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING))).toBeNull();
  });

  it('valid manifests parse as before, JSON too', () => {
    expect(parseManifest(pod()).ok).toBe(true);
    expect(parseManifest(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w' }, spec: { containers: [{ name: 'w', image: 'busybox' }] } }, null, 4)).ok).toBe(true);
    const r = parseYamlBounded('a: 1\n---\nb: 2\n');
    expect(r.ok && r.docs.length).toBe(2);
  });

  it('lineCol counts lines and columns from 1', () => {
    expect(lineCol('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(lineCol('x', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('small wording fixes (item 11)', () => {
  it('UTF-16 text says the encoding', () => {
    const utf16AsUtf8 = Buffer.from('\ufeff' + pod(), 'utf16le').toString('utf8');
    expect(errorsOf(utf16AsUtf8)[0]).toMatch(/not UTF-8 text .*UTF-16.*save it as UTF-8/);
  });

  it('!!binary names binary data instead of printing a Buffer as JSON', () => {
    const errors = errorsOf(pod().replace('image: busybox', 'image: !!binary aGVsbG8='));
    expect(errors[0]).toMatch(/binary data \(!!binary, 5 bytes\)/);
    expect(errors[0]).not.toMatch(/"type":"Buffer"/);
  });
});
