// Manifest parsing on a worker thread (electron/engine/validate/pool.ts) with the built worker file: the event loop
// keeps running while a hostile 256 KiB manifest is parsed, results match the in-process parser, and a parse over
// the time limit is refused and the worker replaced.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManifestParserPool, workerFile } from '../../electron/engine/validate/pool';
import { HOSTILE_MANIFESTS } from '../../shared/manifest/hostile';
import { parseManifest } from '../../shared/manifest/parse';

const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: busybox\n';

beforeAll(() => {
  if (!existsSync('out/cli/validate-worker.cjs')) execFileSync('npm', ['run', '-s', 'build:cli'], { stdio: 'ignore', timeout: 120_000 });
});

describe('manifest parser pool', () => {
  it('finds the built worker from the sources and parses like the in-process parser', async () => {
    expect(workerFile()).toMatch(/out\/cli\/validate-worker\.cjs$/);
    const pool = new ManifestParserPool();
    try {
      expect(pool.offThread).toBe(true);
      expect(await pool.parse(pod)).toEqual(parseManifest(pod));
      const bad = HOSTILE_MANIFESTS.anchors();
      expect(await pool.parse(bad)).toEqual(parseManifest(bad));
    } finally {
      pool.close();
    }
  }, 60_000);

  it('the event loop keeps turning while hostile manifests are parsed', async () => {
    const pool = new ManifestParserPool();
    try {
      await pool.parse(pod); // the worker is up
      let ticks = 0;
      const t = setInterval(() => (ticks += 1), 5);
      const texts = ['duplicate keys', 'tabs', 'compact mappings'].map((n) => HOSTILE_MANIFESTS[n]());
      const results = await Promise.all(texts.map((x) => pool.parse(x)));
      clearInterval(t);
      expect(results.every((r) => !r.ok)).toBe(true);
      // In-process, these parses would hold the thread and no tick could run until all were done.
      expect(ticks).toBeGreaterThan(3);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('a parse over the time limit is refused; a new pool parses again', async () => {
    const pool = new ManifestParserPool(workerFile(), 1);
    try {
      const slow = await pool.parse(HOSTILE_MANIFESTS['duplicate keys']());
      expect(slow.ok).toBe(false);
      expect(!slow.ok && slow.errors[0].message).toMatch(/could not check this manifest within/);
    } finally {
      pool.close();
    }
    const fresh = new ManifestParserPool(workerFile(), 30_000);
    try {
      expect((await fresh.parse(pod)).ok).toBe(true);
    } finally {
      fresh.close();
    }
  });
});
