// Screenshots of every main screen into docs/screenshots/ (run with PODLAB_SCREENSHOTS=1): real engine, real UI.
// The engine is shared with other work, so the page's WebSocket is filtered to this file's own pods (w2c-shot-*).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { docker, onlyPodsStartingWith, removePodContainers, startServe, testImages, type Served, fillManifest } from './serve-fixture';
import { startFakeRegistry } from '../integration/pods-registry';
import { makeSnapshot } from '../../shared/snapshot/make';
import { sampleModel, samplePod } from '../unit/topology.fixture';

const OUT = 'docs/screenshots';
const PREFIX = 'w2c-shot-';
const pods = [`${PREFIX}web`, `${PREFIX}conflict`, `${PREFIX}pull`];
let served: Served;
let dir = '';

test.describe.configure({ mode: 'serial' });
test.skip(!process.env.PODLAB_SCREENSHOTS, 'screenshots are refreshed on demand: PODLAB_SCREENSHOTS=1 npx playwright test screenshots');

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'w2c-shots-'));
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
  pods.forEach(removePodContainers);
  rmSync(dir, { recursive: true, force: true });
});

function onlyOurPods(text: string): string {
  return onlyPodsStartingWith(PREFIX, text);
}

async function open(page: Page, opts: { theme?: 'dark'; locale?: 'ko' } = {}): Promise<void> {
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(onlyOurPods(String(m))));
    ws.onMessage((m) => server.send(m));
  });
  await page.addInitScript(([theme, locale]) => {
    localStorage.setItem('podlab.theme', theme ?? 'light');
    localStorage.setItem('podlab.locale', locale ?? 'en');
  }, [opts.theme, opts.locale]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', /connected|no-engine/);
}

async function launch(page: Page, template: string, name: string): Promise<void> {
  await page.getByTestId('launch').click();
  await page.locator(`[data-testid=template][data-template=${template}]`).click();
  await page.getByTestId('pod-name').fill(name);
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 90_000 });
}

test('empty state, launch dialog, a pod running, port conflict, detail panel, Korean, dark, 30 pods', async ({ page }) => {
  await open(page);
  await page.screenshot({ path: `${OUT}/empty.png` });

  await page.getByTestId('launch').click();
  await page.locator('[data-testid=template][data-template=port-conflict]').click();
  await expect(page.getByTestId('validation')).toContainText(/valid|Warnings/);
  await page.screenshot({ path: `${OUT}/launch-dialog.png` });
  await page.keyboard.press('Escape');

  await launch(page, 'web-sidecar', pods[0] ?? '');
  await expect(page.locator(`[data-testid=topology] [data-pod="${pods[0]}"][data-container=web] [data-port="80/tcp"]`)).toHaveCount(1, { timeout: 20_000 });
  await page.screenshot({ path: `${OUT}/pod-running.png` });

  await launch(page, 'port-conflict', pods[1] ?? '');
  const victim = page.locator(`[data-testid=topology] [data-pod="${pods[1]}"][data-state=failed]`).first();
  await expect(victim).toBeVisible({ timeout: 60_000 });
  await page.locator(`[data-testid=pod-item][data-pod="${pods[1]}"]`).click();
  await expect(page.getByTestId('conflict').first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${OUT}/port-conflict.png` });

  await victim.click();
  await expect(page.getByTestId('container-detail')).toBeVisible();
  await page.waitForTimeout(1500); // let the last log lines arrive
  await page.screenshot({ path: `${OUT}/detail-panel.png` });

  // The events timeline of the failing container (time · type · reason · container, then the message).
  const events = page.getByTestId('events');
  await expect(events.locator('li[data-type=Warning]').first()).toBeVisible({ timeout: 30_000 });
  await events.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/events-timeline.png` });

  await page.getByTestId('language').selectOption('ko');
  await page.locator(`[data-testid=pod-item][data-pod="${pods[1]}"]`).click();
  await expect(page.getByTestId('conflict-text').first()).toContainText('이미 사용 중입니다');
  await page.getByTestId('detail').evaluate((e) => e.parentElement?.scrollTo(0, 0)); // the timeline shot scrolled it
  await page.screenshot({ path: `${OUT}/korean.png` });
  await page.getByTestId('conflict').first().locator('summary').click();
  await page.getByTestId('conflict').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/korean-conflict.png` });
  await page.getByTestId('language').selectOption('en');

  await page.getByTestId('theme').click();
  await page.screenshot({ path: `${OUT}/dark.png` });
  await page.getByTestId('theme').click();

  const file = join(dir, 'thirty-pods.json');
  const model = sampleModel(Array.from({ length: 30 }, (_, i) => samplePod(i, `demo-${String(i + 1).padStart(2, '0')}`)));
  writeFileSync(file, JSON.stringify(makeSnapshot(model, new Date('2026-01-01T10:00:00Z'))));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('snapshot-file').setInputFiles(file);
  await expect(page.getByTestId('snapshot-bar')).toBeVisible();
  await page.screenshot({ path: `${OUT}/thirty-pods-snapshot.png` });
});

test('no-engine screen', async ({ page }) => {
  const other = await startServe({ DOCKER_HOST: `unix://${join(dir, 'nothing-listens.sock')}` });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(other.url);
    await expect(page.getByTestId('no-engine')).toBeVisible();
    await page.screenshot({ path: `${OUT}/no-engine.png` });
  } finally {
    await other.stop();
  }
});

test('stale token screen after serve restarted', async ({ page }) => {
  const first = await startServe({ DOCKER_HOST: `unix://${join(dir, 'nothing-listens.sock')}` });
  let second: Served | undefined;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(first.url);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'no-engine');
    await first.stop();
    second = await startServe({ DOCKER_HOST: `unix://${join(dir, 'nothing-listens.sock')}` }, first.port);
    await expect(page.getByTestId('stale-token')).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: `${OUT}/stale-token.png` });
  } finally {
    await first.stop();
    await second?.stop();
  }
});

test('launch dialog pulling an image (from the 127.0.0.1 test registry)', async ({ page }) => {
  const registry = await startFakeRegistry(testImages.PODLAB_DEMO_IMAGE, `w2cshot${Date.now().toString(36)}`);
  try {
    await open(page);
    await page.getByTestId('launch').click();
    await expect(page.getByTestId('template').first()).toHaveAttribute('aria-checked', 'true');
    const manifest = ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${pods[2]}`, 'spec:', '  containers:', '  - name: web', `    image: ${registry.image}`,
      '    command: ["httpd", "-f", "-p", "80", "-h", "/www"]', '    ports:', '    - containerPort: 80'].join('\n');
    await fillManifest(page, manifest);
    await page.getByTestId('pod-name').fill(pods[2] ?? '');
    await expect(page.getByTestId('validation')).toContainText('valid');
    await page.getByTestId('launch-submit').click();
    await expect(page.getByTestId('pull-row')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: `${OUT}/launch-pull.png` });
    await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 90_000 });
  } finally {
    removePodContainers(pods[2] ?? '');
    try {
      docker('rmi', '-f', registry.image);
    } catch {
      // never pulled
    }
    await registry.close();
  }
});
