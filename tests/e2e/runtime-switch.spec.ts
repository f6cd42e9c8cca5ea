// The runtime switch on the connection screens: `podlab serve` with no Docker engine behind DOCKER_HOST shows the
// no-engine screen with a CRI runtime-endpoint field; a missing socket, Docker's socket (not a CRI runtime) and a
// malformed endpoint are each said for what they are (English and Korean) and change nothing; the private containerd's
// endpoint reconnects the session, and its pod appears. Then the header's "Change runtime…" dialog goes back to the
// (absent) Docker engine: refused with the reason, the CRI session kept. With PODLAB_SCREENSHOTS=1 it saves
// docs/screenshots/runtime-switch.png and runtime-switch-ko.png.
import { expect, test } from '@playwright/test';
import type { PrivateContainerd } from '../integration/private-containerd';
import { startCriServe, type CriServed } from './cri-fixture';
import { docShot, type Served } from './serve-fixture';

let setup: CriServed;
let ctd: PrivateContainerd;
let served: Served;
let pod = '';
const NO_DOCKER = `unix:///tmp/c2-no-docker-${process.pid}.sock`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // No Docker engine behind DOCKER_HOST and no CRI endpoint: serve starts on the no-engine screen.
  setup = await startCriServe('c2', { DOCKER_HOST: NO_DOCKER, CONTAINER_RUNTIME_ENDPOINT: '' });
  ({ ctd, served, pod } = setup);
});

test.afterAll(async () => {
  await setup?.stop();
});

test('the no-engine screen connects to a CRI runtime endpoint, saying what failed first', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(served.url);
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('no-engine')).toBeVisible();
  const field = page.getByTestId('runtime-endpoint');
  await expect(field).toBeDisabled();
  await page.getByTestId('runtime-cri').check();
  await expect(field).toHaveValue('unix:///run/containerd/containerd.sock');

  const result = page.getByTestId('runtime-result');
  const missing = `unix://${ctd.dir}/nothing.sock`;
  await field.fill(missing);
  await page.getByTestId('runtime-connect').click();
  await expect(result).toHaveAttribute('data-failure', 'no-socket');
  await expect(result).toContainText(`No socket at ${missing}`);
  await expect(result).toContainText('Nothing was switched: podlab stays on the runtime it had.');

  await field.fill('unix:///var/run/docker.sock');
  await page.getByTestId('runtime-connect').click();
  await expect(result).toHaveAttribute('data-failure', 'not-cri');
  await expect(result).toContainText('unix:///var/run/docker.sock answers, but not as a CRI runtime (runtime.v1)');
  await expect(page.getByTestId('no-engine')).toBeVisible();
  await docShot(page, 'runtime-switch.png');

  await page.getByTestId('language').selectOption('ko');
  await expect(page.locator('#rs-title')).toHaveText('런타임');
  await expect(result).toContainText('CRI 런타임(runtime.v1)으로서가 아닙니다');
  await docShot(page, 'runtime-switch-ko.png');
  // A malformed endpoint is not sent at all; the earlier answer goes with the endpoint it was about.
  await field.fill('unix://run/containerd.sock');
  await expect(page.getByTestId('runtime-connect')).toBeDisabled();
  await expect(page.getByTestId('runtime-switch')).toContainText('crictl처럼 쓰세요');
  await expect(result).toHaveCount(0);
  await page.getByTestId('language').selectOption('en');

  await field.fill(ctd.endpoint);
  await page.getByTestId('runtime-connect').click();
  await expect(page.getByTestId('no-engine')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('engine-endpoint')).toHaveText(ctd.endpoint);
  await expect(page.getByTestId('engine-version')).toContainText('containerd');
  await expect(page.locator(`[data-testid=pod-item][data-pod="${pod}"]`)).toBeVisible({ timeout: 20_000 });
});

test('the header switches back to Docker only when an engine answers there', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('engine-endpoint')).toHaveText(ctd.endpoint);
  await page.getByTestId('change-runtime').click();
  // A fresh page never chose the runtime: the switch opens on the session's own (the model's engine.kind), as for a
  // session started with --runtime-endpoint.
  await expect(page.getByTestId('runtime-cri')).toBeChecked();
  await expect(page.getByTestId('runtime-endpoint')).toHaveValue(ctd.endpoint);
  await page.getByTestId('runtime-docker').check();
  await page.getByTestId('runtime-connect').click();
  const result = page.getByTestId('runtime-result');
  await expect(result).toHaveAttribute('data-failure', 'other');
  await expect(result).toContainText(NO_DOCKER);
  await expect(result).toContainText('No Docker engine answered');
  await page.keyboard.press('Escape');
  // Nothing changed: still the containerd session, its pod still listed.
  await expect(page.getByTestId('engine-endpoint')).toHaveText(ctd.endpoint);
  await expect(page.locator(`[data-testid=pod-item][data-pod="${pod}"]`)).toBeVisible();
});
