// The manifest editor is CodeMirror 6 with YAML: line numbers, highlighting, and each validation error and warning
// marked at the line of its field path (the path kept in the message); validation never blocks typing.
import { expect, test } from '@playwright/test';
import { startServe, type Served, docShot, openLaunchDialog, fillManifest } from './serve-fixture';

let served: Served;
test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => served?.stop());

test('errors and warnings are marked at their lines, with their field paths', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('podlab.locale', 'en'));
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await openLaunchDialog(page);
  const editor = page.locator('.cm-editor');
  await expect(editor.locator('.cm-lineNumbers')).toContainText('1');
  await fillManifest(page, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  nodeName: x\n  containers:\n  - {name: a, image: busybox, ports: [{containerPort: 80}]}\n  - {name: b, image: busybox, ports: [{containerPort: 80}]}\n');
  await expect(page.getByTestId('manifest')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('launch-submit')).toBeDisabled();
  // Highlighting: YAML keys are styled tokens, not plain text.
  await expect(editor.locator('.cm-line').nth(0).locator('span').first()).toHaveText('apiVersion');
  // The error of metadata.name sits on line 4, on "Bad_Name".
  const lines = editor.locator('.cm-line');
  await expect(lines.nth(3).locator('.cm-lintRange-error')).toHaveText('Bad_Name');
  const gutter = editor.locator('.cm-gutter-lint .cm-gutterElement');
  await expect(gutter.locator('.cm-lint-marker-error')).not.toHaveCount(0);
  await lines.nth(3).locator('.cm-lintRange-error').hover();
  await expect(page.locator('.cm-tooltip-lint')).toContainText('metadata.name:');
  await docShot(page, 'manifest-editor.png');
  // The duplicate-port warning on line 9 (spec.containers[1].ports[0]).
  await expect(lines.nth(8).locator('.cm-lintRange-warning')).toHaveCount(1);
  // Fixing the name clears the error while typing.
  await lines.nth(3).click();
  await page.keyboard.press('End');
  for (let i = 0; i < 'Bad_Name'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('good-name');
  await expect(lines.nth(3).locator('.cm-lintRange-error')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('manifest')).toHaveCount(0);
});
