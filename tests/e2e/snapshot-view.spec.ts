// Snapshot files in the UI, even with no engine: open one from the no-engine screen and see its topology, then
// compare it with a second file and read what changed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makeSnapshot } from '../../shared/snapshot/make';
import { conflictPod, sampleModel, samplePod } from '../unit/topology.fixture';
import { startServe, type Served } from './serve-fixture';

let dir = '';
let served: Served | undefined;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'h4-snapview-'));
});
test.afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('open a snapshot with no engine, then compare it with another one', async ({ page }) => {
  served = await startServe({ DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` });
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  writeFileSync(a, JSON.stringify(makeSnapshot(sampleModel([samplePod(1, 'lesson-web')]), new Date('2026-01-01T10:00:00Z'))));
  const changed = conflictPod();
  changed.name = 'lesson-web';
  writeFileSync(b, JSON.stringify(makeSnapshot(sampleModel([changed, samplePod(4, 'lesson-new')]), new Date('2026-01-01T10:05:00Z'))));
  writeFileSync(join(dir, 'bad.json'), '{"schema":"something-else"}');

  await page.goto(served.url);
  await expect(page.getByTestId('no-engine')).toBeVisible();
  await page.getByTestId('no-engine').locator('input[type=file]').setInputFiles(join(dir, 'bad.json'));
  await expect(page.getByTestId('error')).toContainText('bad.json');

  await page.getByTestId('no-engine').locator('input[type=file]').setInputFiles(a);
  await expect(page.getByTestId('snapshot-bar')).toContainText('a.json');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'snapshot');
  await expect(page.locator('[data-testid=topology] g[data-pod="lesson-web"][data-phase] [data-ip="172.17.0.3"]')).toHaveCount(1);

  await page.getByTestId('export').click();
  await page.getByRole('menuitem', { name: 'Compare with…' }).click();
  await page.getByTestId('snapshot-file').setInputFiles(b);
  const diff = page.locator('details.diff');
  await expect(diff).toContainText('b.json');
  await expect(diff).toContainText('lesson-new');

  await page.getByRole('button', { name: 'Back to live view' }).click();
  await expect(page.getByTestId('no-engine')).toBeVisible();
});
