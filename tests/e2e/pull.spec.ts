// Image pull progress, for real: a small registry on 127.0.0.1 (tests/integration/pods-registry.ts) serves an image
// that is not present locally; a pod launched from the manifest editor pulls it, the launch dialog's progress bar
// moves and reaches done, and the pod runs. The pulled image and the registry are removed afterwards.
import { expect, test } from '@playwright/test';
import { startFakeRegistry, type FakeRegistry } from '../integration/pods-registry';
import { docker, removePodContainers, startServe, testImages, uniqueName, type Served, openLaunchDialog, fillManifest } from './serve-fixture';

let served: Served | undefined;
let registry: FakeRegistry | undefined;
const pod = uniqueName('w2c-pull');

test.afterAll(async () => {
  await served?.stop();
  removePodContainers(pod);
  try {
    if (registry) docker('rmi', '-f', registry.image);
  } catch {
    // never pulled
  }
  await registry?.close();
});

interface Seen {
  image: string;
  fraction: string;
  done: string;
  value: number;
}

test('launch from the manifest editor pulls a missing image with a progress bar that reaches done; the pod runs', async ({ page }) => {
  test.setTimeout(180_000);
  registry = await startFakeRegistry(testImages.PODLAB_DEMO_IMAGE, `w2c${Date.now().toString(36)}`);
  expect(() => docker('image', 'inspect', registry?.image ?? '')).toThrow(); // really not present yet
  served = await startServe();
  // Record every state the bars go through (the dialog closes as soon as the pod started).
  await page.addInitScript(() => {
    const w = window as unknown as { __pulls: Seen[] };
    w.__pulls = [];
    const record = (): void =>
      document.querySelectorAll<HTMLElement>('[data-testid=pull-row]').forEach((r) =>
        w.__pulls.push({ image: r.dataset.image ?? '', fraction: r.dataset.fraction ?? '', done: r.dataset.done ?? '', value: r.querySelector('progress')?.value ?? -1 }),
      );
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await openLaunchDialog(page);
  const manifest = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${pod}`, 'spec:', '  containers:', '  - name: web', `    image: ${registry.image}`,
    '    command: ["httpd", "-f", "-p", "80", "-h", "/www"]', '    ports:', '    - containerPort: 80',
  ].join('\n');
  await fillManifest(page, manifest);
  await page.getByTestId('pod-name').fill(pod);
  await expect(page.getByTestId('validation')).toContainText('valid');
  await page.getByTestId('launch-submit').click();
  await expect(page.locator(`[data-testid=pull-row][data-image="${registry.image}"]`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 150_000 });

  const seen = (await page.evaluate(() => (window as unknown as { __pulls: Seen[] }).__pulls)).filter((s) => s.image === registry?.image);
  const fractions = seen.map((s) => Number(s.fraction)).filter((f) => f > 0 && f < 1);
  expect(fractions.length, 'the bar showed progress between 0 and 100 %').toBeGreaterThan(0);
  expect(seen.some((s) => s.done === 'true' && s.value === 1), 'the bar reached done').toBe(true);
  expect(registry.served()).toBeGreaterThan(2 * 1024 * 1024); // the engine really downloaded the layers

  const web = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="web"]`);
  await expect(web).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  const id = docker('ps', '-q', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=web');
  expect(docker('inspect', '-f', '{{.State.Running}} {{.Config.Image}}', id)).toBe(`true ${registry.image}`);
});
