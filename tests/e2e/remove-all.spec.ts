// "Remove all pods" from the UI, safely: a PRIVATE dockerd (tests/integration/private-daemon.ts) gets two pods, a
// second `podlab serve` points DOCKER_HOST at it, and the button (after its confirm dialog) empties the UI and that
// daemon. The test refuses to click unless the page shows the private daemon's endpoint: never the shared engine.
import { execFile } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startPrivateDaemon, testImageNames, type PrivateDaemon } from '../integration/private-daemon';
import { startServe, testImages, type Served } from './serve-fixture';

let priv: PrivateDaemon | undefined;
let served: Served | undefined;
const pods = ['w2c-rmall-a', 'w2c-rmall-b'];

test.afterAll(async () => {
  await served?.stop();
  await priv?.cleanup();
});

function launch(env: NodeJS.ProcessEnv, template: string, name: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('bin/podlab', ['launch', template, '--name', name, '--wait'], { env: { ...env, ...testImages }, timeout: 90_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`launch ${name}: ${err.message} ${stderr}`)) : resolve(),
    ),
  );
}

test('Remove all pods (confirmed) removes both pods from the UI and from the private daemon', async ({ page }) => {
  test.setTimeout(240_000);
  priv = await startPrivateDaemon({ prefix: 'w2c', images: testImageNames() });
  const d = priv;
  await Promise.all([launch(d.env, 'web-sidecar', pods[0] ?? ''), launch(d.env, 'multi-port', pods[1] ?? '')]);
  const podlabIds = (): string[] => d.docker(['ps', '-aq', '--filter', 'label=io.podlab.pod']).split('\n').filter(Boolean);
  expect(podlabIds().length).toBe(2 + 2 + 3);

  served = await startServe({ DOCKER_HOST: d.host });
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  // Safety first: this page must be talking to the private daemon, else stop here.
  await expect(page.getByTestId('engine-endpoint')).toHaveText(d.host);
  for (const p of pods) await expect(page.locator(`[data-testid=pod-item][data-pod="${p}"]`)).toBeVisible();
  await expect(page.getByTestId('pod-item')).toHaveCount(2);

  let asked = '';
  page.once('dialog', (dlg) => {
    asked = dlg.message();
    void dlg.accept();
  });
  await page.getByTestId('remove-all').click();
  await expect(page.getByTestId('pod-item')).toHaveCount(0, { timeout: 30_000 });
  expect(asked).toContain('Remove all 2 podlab pods');
  expect(podlabIds()).toEqual([]);
  await expect(page.getByTestId('remove-all')).toBeDisabled();
});
