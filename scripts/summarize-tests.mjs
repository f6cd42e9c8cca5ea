// Adds up vitest's and Playwright's JSON reports, and the static checks (type check, lint: one test each), into the one
// closing line CI reads: N passed, N failed, N skipped. A missing report counts as one failure, so a runner that
// crashed can never look green.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile, staticFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function read(file, label) {
  if (!file || !existsSync(file)) {
    console.error(`summarize: no ${label} report (${file}); counting it as a failure`);
    failed += 1;
    return null;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

const v = read(vitestFile, 'vitest');
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A file that failed to load has no tests in it but must still fail the run.
  for (const f of v.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed += 1;
}
const p = read(playwrightFile, 'playwright');
if (p) {
  const s = p.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  failed += (p.errors ?? []).length;
}
if (staticFile !== undefined) {
  const s = read(staticFile, 'static checks');
  for (const c of s?.checks ?? []) {
    if (c.ok) passed += 1;
    else {
      failed += 1;
      console.error(`summarize: ${c.name} failed`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
