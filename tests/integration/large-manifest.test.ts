// The largest manifests validation accepts are launchable: a ~250 KiB Pod (three 80 KB env values, each under the
// kernel's 128 KiB per-string limit) launches, runs, and comes back whole from `podlab export`. Before, the whole
// manifest went into a label and every create option into the URL, which the engine refused (HTTP 431).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES } from '../../shared/manifest/parse';
import { appByName, cleanupPods, ensureCliBuilt, podlab, tempDir, uniqueName } from './helpers';

const pod = uniqueName('h15-large');
const tmp = tempDir();
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
// Deterministic noise that gzip cannot shrink much, so the stored label stays large.
const noise = (seed: number, n: number): string => Array.from({ length: n }, (_, i) => (((i + seed) * 2654435761) >>> 11).toString(36).slice(-1)).join('');
const values = [1, 2, 3].map((s) => noise(s, 80_000));

beforeAll(() => ensureCliBuilt());
afterAll(() => {
  cleanupPods([pod]);
  tmp.remove();
});

describe('a manifest near the 256 KiB limit', () => {
  it('launches, runs, and exports with every value intact', async () => {
    const env = values.map((v, i) => `        - name: BIG${i}\n          value: "${v}"`).join('\n');
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: web\n      image: "${demo}"\n      command: ["sleep", "3600"]\n      env:\n${env}\n`;
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeGreaterThan(240_000);
    expect(bytes).toBeLessThanOrEqual(MAX_MANIFEST_BYTES);
    const r = await podlab(['launch', tmp.write('large.yaml', text), '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(appByName(pod, 'web')?.State.Running).toBe(true);
    const exported = await podlab(['export', pod]);
    expect(exported.code, exported.stderr).toBe(0);
    for (const v of values) expect(exported.stdout).toContain(v);
  });
});
