// The UI on Podman: a private Podman service (tests/integration/private-podman.ts) with a pod, served by `podlab serve`
// with DOCKER_HOST at it. The header names Podman, the topology draws Podman's own bridge (not docker0), and a
// container's details show its own UTS namespace with the kernel's link, explained. PODLAB_SCREENSHOTS=1 also writes
// docs/screenshots/podman-detail.png.
import { execFile } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { podmanAvailable, startPrivatePodman, type PrivatePodman } from '../integration/private-podman';
import { testImageNames } from '../integration/private-daemon';
import { startServe, testImages, type Served, docShot } from './serve-fixture';

let priv: PrivatePodman | undefined;
let served: Served | undefined;
const pod = `h14-ui-${process.pid % 10000}`;

test.afterAll(async () => {
  await served?.stop();
  await priv?.cleanup();
});

test('on Podman: the engine named, its own bridge drawn, a container\'s own UTS namespace explained', async ({ page }) => {
  test.skip(!podmanAvailable(), 'needs root and the podman CLI (scripts/test.sh installs it)');
  test.setTimeout(180_000);
  priv = await startPrivatePodman({ prefix: 'pe', images: testImageNames() });
  const p = priv;
  await new Promise<void>((resolve, reject) =>
    execFile('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { env: { ...p.env, ...testImages }, timeout: 90_000 }, (err, _o, stderr) =>
      err ? reject(new Error(`launch: ${err.message} ${stderr}`)) : resolve(),
    ),
  );
  served = await startServe({ DOCKER_HOST: p.host });
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('engine-endpoint')).toHaveText(p.host);
  await expect(page.getByTestId('engine-version')).toHaveText(/^Podman 4\.\d+/);
  const topology = page.getByTestId('topology');
  await expect(topology).toContainText(p.bridge);
  await expect(topology).not.toContainText('docker0');
  const web = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="web"]`).first();
  await expect(web).toBeVisible({ timeout: 30_000 });
  await web.click();
  const uts = page.getByTestId('container-uts');
  await expect(uts).toContainText(/uts:\[\d+\]/);
  await expect(uts).toContainText('own namespace, hostname');
  await docShot(page, 'podman-detail.png');
});
