// The Node tab on a CRI runtime: `podlab serve --runtime-endpoint …` against a private containerd shows crictl's two
// tables (pods, then containers) in crictl's words, the sandbox as the pause row, every row mapped to the model, and
// the CRI's way to read them — no cri-dockerd names. With PODLAB_SCREENSHOTS=1: docs/screenshots/cri-node-view.png.
import { expect, test } from '@playwright/test';
import { expectNoSideScroll, startCriServe, type CriServed } from './cri-fixture';

let cri: CriServed;

test.beforeAll(async () => {
  cri = await startCriServe('h12b');
});

test.afterAll(async () => {
  await cri?.stop();
});

test("Node tab on a CRI runtime: crictl pods and crictl ps -a, one sandbox per pod, rows mapped", async ({ page }) => {
  const { pod, served } = cri;
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('tab-node').click();
  const pods = page.getByTestId('node-cri-pods');
  await expect(pods.locator(`tr[data-name="${pod}"][data-pause="true"]`)).toHaveCount(1);
  await expect(pods.locator('tbody tr')).toHaveCount(1);
  await expect(pods.locator(`tr[data-name="${pod}"] .ref`)).toHaveText(`pod ${pod} · sandbox (pause)`);
  const ctrs = page.getByTestId('node-cri-containers');
  await expect(ctrs.locator('tbody tr')).toHaveCount(2);
  for (const c of ['web', 'sidecar']) {
    await expect(ctrs.locator(`tr[data-name="${c}"] .ref`)).toHaveText(`pod ${pod} · container ${c}`);
    await expect(ctrs.locator(`tr[data-name="${c}"]`)).toContainText('Running');
  }
  await expect(page.getByTestId('node-summary')).toContainText('1 pod sandbox(es) for 1 pod(s)');
  const view = page.getByTestId('node-view');
  await expect(view).toContainText('crictl ps -a');
  await expect(view).toContainText('ctr -n k8s.io containers list');
  // crictl's names, never cri-dockerd's k8s_ ones (the how-to-read line mentions those only to say so).
  await expect(pods).not.toContainText('k8s_');
  await expect(ctrs).not.toContainText('k8s_');
  await expect(page.getByTestId('node-table')).toHaveCount(0);
  // At Playwright's 1280 px both tables fit the centre column; ids are cut, the whole id on hover.
  await expectNoSideScroll(page, 'node-cri-pods');
  await expectNoSideScroll(page, 'node-cri-containers');
  const id = pods.locator(`tr[data-name="${pod}"] code.id`);
  await expect(id).toHaveText(/^[0-9a-f]{8}…$/);
  expect(await id.getAttribute('title')).toMatch(/^[0-9a-f]{13,}$/);
  await page.screenshot({ path: process.env.PODLAB_SCREENSHOTS ? 'docs/screenshots/cri-node-view.png' : test.info().outputPath('cri-node-view.png') });
});
