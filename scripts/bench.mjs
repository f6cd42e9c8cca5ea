// `npm run bench`: runs every bench/*.bench.mjs in turn (each prints its own medians and ratio against a
// baseline measured in the same run). Needs a built tree (npm run build) and a running engine; builds the offline images when they are not named.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureImages } from '../bench/images.mjs';

const only = process.argv[2];
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only))).sort();
// Prepared once here, so every benchmark (and a fresh checkout) runs without setting anything by hand.
ensureImages();
let failed = 0;
for (const f of files) {
  console.log(`\n### ${f}`);
  const r = spawnSync(process.execPath, [join('bench', f)], { stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
