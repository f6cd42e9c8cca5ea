// Manifest parser benchmark: every hostile and large 256 KiB manifest of shared/manifest/hostile.ts against the
// baseline, a valid Pod of the same size at the token density of real manifests (ORDINARY_MANIFEST), in the same run.
// Each parse runs cold in a fresh process, as a CLI launch does (and warm, as serve's worker parses the next text);
// rounds (5, or BENCH_ROUNDS) run the baseline between every four cases. Prints medians, the spread and each case's
// ratio to the baseline; the target is every case under 1 s. No engine needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const TARGET_MS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'podlab-bench-manifest-'));

try {
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `export { parseManifest } from ${JSON.stringify(resolve('shared/manifest/parse'))};\n` +
    `export { HOSTILE_MANIFESTS, LARGE_MANIFESTS, ORDINARY_MANIFEST } from ${JSON.stringify(resolve('shared/manifest/hostile'))};\n`);
  const lib = join(dir, 'parser.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: lib, logLevel: 'error' });
  // One child per measurement: build the text, then time the first parse (cold) and three more of fresh copies (warm).
  const child = join(dir, 'child.cjs');
  writeFileSync(child, `const m = require(${JSON.stringify(lib)});
const cases = { ordinary: m.ORDINARY_MANIFEST, ...m.HOSTILE_MANIFESTS, ...m.LARGE_MANIFESTS };
const text = cases[process.argv[2]]();
const time = (t) => { const s = process.hrtime.bigint(); const r = m.parseManifest(t); return [Number(process.hrtime.bigint() - s) / 1e6, r]; };
const [cold, r] = time(text);
const warm = [1, 2, 3].map((i) => time(text + ' '.repeat(i))[0]).sort((a, b) => a - b)[1];
const outcome = r.ok ? 'accepted' : 'refused: ' + r.errors[0].message.slice(0, 60);
console.log(JSON.stringify({ bytes: Buffer.byteLength(text), cold, warm, outcome }));
`);
  const names = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(lib)}); console.log(JSON.stringify([...Object.keys(m.HOSTILE_MANIFESTS), ...Object.keys(m.LARGE_MANIFESTS)]))`], { encoding: 'utf8' });
  const cases = ['ordinary', ...JSON.parse(names.stdout)];
  const runs = Object.fromEntries(cases.map((c) => [c, []]));
  const measure = (name) => {
    const r = spawnSync(process.execPath, [child, name], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`parsing "${name}" crashed (${r.status}): ${r.stderr}`);
    runs[name].push(JSON.parse(r.stdout));
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    // The baseline runs between every few cases, and the order turns each round, so load that drifts during the
    // run reaches the baseline and the cases alike.
    const order = cases.slice(1);
    const turned = [...order.slice((round * 7) % order.length), ...order.slice(0, (round * 7) % order.length)];
    turned.forEach((c, i) => {
      if (i % 4 === 0) measure('ordinary');
      measure(c);
    });
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const base = median(runs.ordinary.map((x) => x.cold));
  const baseWarm = median(runs.ordinary.map((x) => x.warm));
  console.log(`manifest parser, 256 KiB inputs, ${ROUNDS} rounds; the baseline between every four cases (a valid 256 KiB Pod of ordinary fields)`);
  console.log(`  baseline: cold median ${base.toFixed(0)} ms (${runs.ordinary.length} runs, ${Math.min(...runs.ordinary.map((x) => x.cold)).toFixed(0)}–${Math.max(...runs.ordinary.map((x) => x.cold)).toFixed(0)}), warm ${baseWarm.toFixed(0)} ms`);
  console.log('  | case | bytes | outcome | cold median ms (min–max) | ratio to baseline | warm median ms |');
  console.log('  | --- | --- | --- | --- | --- | --- |');
  let over = 0;
  for (const c of cases) {
    const xs = runs[c];
    const cold = median(xs.map((x) => x.cold));
    const slow = Math.max(...xs.map((x) => x.cold));
    if (cold >= TARGET_MS) over += 1;
    console.log(`  | ${c} | ${xs[0].bytes} | ${xs[0].outcome} | ${cold.toFixed(0)} (${Math.min(...xs.map((x) => x.cold)).toFixed(0)}–${slow.toFixed(0)}) | ${(cold / base).toFixed(2)}× | ${median(xs.map((x) => x.warm)).toFixed(0)} |`);
  }
  const worst = Math.max(...cases.map((c) => median(runs[c].map((x) => x.cold)) / base));
  console.log(`  worst case / baseline: ${worst.toFixed(2)}×; every case under ${TARGET_MS} ms (median, cold): ${over ? `NO (${over} above) ABOVE TARGET` : 'OK'}`);
  process.exitCode = over ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
