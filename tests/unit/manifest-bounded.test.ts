// Hostile manifests up to the 256 KiB limit get one clear answer with bounded work (shared/manifest/yaml-bounded.ts,
// yaml-tokens.ts): the first error only, a token budget and a document cap, aliases and repeated block-map keys
// refused while reading, deep nesting refused before the stack overflows, at most MAX_ISSUES errors, and the small
// wording fixes (UTF-16, !!binary). Times, against a valid manifest of the same size, are printed by `npm run bench`
// (bench/manifest.bench.mjs).
import { describe, expect, it } from 'vitest';
import { MAX_ISSUES, MAX_MANIFEST_BYTES, parseManifest } from '../../shared/manifest/parse';
import { lineCol, MAX_NESTING, nestingProblem, parseYamlBounded } from '../../shared/manifest/yaml-bounded';
import { HOSTILE_MANIFESTS, LARGE_MANIFESTS, ORDINARY_MANIFEST } from '../../shared/manifest/hostile';
import { boundedTokens, MAX_DOCUMENTS, MAX_YAML_TOKENS, StopAt } from '../../shared/manifest/yaml-tokens';

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

  it.each(Object.keys(LARGE_MANIFESTS))('%s: within the size limit, accepted', (name) => {
    const text = LARGE_MANIFESTS[name]();
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(MAX_MANIFEST_BYTES - 1024);
    expect(errorsOf(text)).toEqual([]);
  });

  it('a 256 KiB Pod at the density of real manifests fits the token budget (the benchmark\'s baseline)', () => {
    const text = ORDINARY_MANIFEST();
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(MAX_MANIFEST_BYTES - 1024);
    expect(errorsOf(text)).toEqual([]);
  });

  it('the issue\'s anchors (&a &a …) stop at the first error, with its line and column; 256 KiB of them at the token budget', () => {
    expect(errorsOf('&a &a x\n')).toEqual(['not valid YAML or JSON: A node can have at most one anchor at line 1, column 4 — fix the syntax']);
    expect(errorsOf(HOSTILE_MANIFESTS.anchors())).toEqual([`the manifest has more than ${MAX_YAML_TOKENS} YAML tokens (keys, values, indicators) — a Pod manifest has a few thousand; remove the repetition (line 1, column 196608)`]);
  });

  it('24k unique keys stop at the token budget (10k labels accepted); bad ones are capped at MAX_ISSUES plus a summary', () => {
    const top = Array.from({ length: 24_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(errorsOf(top)[0]).toMatch(/more than 131072 YAML tokens .* \(line 18725, column 8\)$/);
    expect(errorsOf(top.slice(0, 100_000))[0]).toMatch(/^k0: unknown field "k0"/);
    const keys = Array.from({ length: 10_000 }, (_, i) => `    k${i}: v`).join('\n');
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

  it('a repeated key of a block map stops the reading there, before the document is composed', () => {
    const tokens: string[] = [];
    const read = (): void => {
      for (const t of boundedTokens('a: 1\n'.repeat(50_000))) tokens.push(t.type);
    };
    expect(read).toThrow(StopAt);
    expect(read).toThrow('Map keys must be unique ("a" appears twice)');
    expect(tokens).not.toContain('document'); // the composer never saw a finished document
    // Only same plain source stops early; quoted twins and keys of different maps are left to the full check.
    expect(() => [...boundedTokens('a: 1\n"a": 2\nb:\n  a: 1\nc:\n  a: 1\n')]).not.toThrow();
    expect(errorsOf('a: 1\n"a": 2\n')[0]).toMatch(/Map keys must be unique \("a" appears twice\) at line 2, column 1/);
    expect(errorsOf('x:\n  a: 1\n  b: 2\n  a: 3\n')[0]).toMatch(/Map keys must be unique \("a" appears twice\) at line 4, column 3/);
  });

  it('an alias stops the reading at once, with where it is', () => {
    let seen = 0;
    const read = (): void => {
      for (const _t of boundedTokens('x: &a y\nl:\n' + '  - *a\n'.repeat(30_000))) seen += 1;
    };
    expect(read).toThrow(expect.objectContaining({ kind: 'alias', offset: 15 }));
    expect(seen).toBe(0);
    expect(errorsOf('x: &a y\nl: [*a]\n')).toEqual(['YAML aliases (*name) are not supported by podlab — write the values out in full (line 2, column 5)']);
    // "*a" inside quoted and block scalars is text, not an alias: the manifest is read and judged as a Pod.
    const quoted = errorsOf('x: "*a"\ny: |\n  *a\nz: \'*b\'\n').join('\n');
    expect(quoted).toMatch(/unknown field "x"/);
    expect(quoted).not.toMatch(/aliases/);
  });

  it(`more than ${MAX_DOCUMENTS} documents are refused as they arrive`, () => {
    const docs = (n: number): string => Array.from({ length: n }, () => '---\na: 1\n').join('');
    expect(() => [...boundedTokens(docs(MAX_DOCUMENTS))]).not.toThrow();
    expect(errorsOf(docs(MAX_DOCUMENTS + 1))[0]).toBe(`more than ${MAX_DOCUMENTS} documents in one manifest — keep the Pod and the ConfigMaps and Secrets it reads (line ${2 * MAX_DOCUMENTS + 1}, column 1)`);
  });

  it('deep nesting says so, instead of a stack overflow reported as a syntax error', () => {
    expect(errorsOf(': '.repeat(1000))[0]).toMatch(/nested too deeply \(more than 64 levels of indentation\)/);
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
