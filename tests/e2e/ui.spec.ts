// The browser UI served by `podlab serve`, against the real engine: launch from the gallery, the topology shows
// what the engine reports, a conflicting container added from the UI is explained, a container killed outside
// podlab turns red without reload, a snapshot exports, and the UI switches to Korean.
import { readFileSync, readlinkSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { docker, removePodContainers, startServe, uniqueName, type Served, fillManifest } from './serve-fixture';

let served: Served;
const pod = uniqueName('w2c-e2e');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop(); // first, so no request of ours is still creating containers
  removePodContainers(pod);
});

async function open(page: Page): Promise<void> {
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
}

test('launch web-sidecar from the gallery; topology shows the IP and netns the engine reports', async ({ page }) => {
  await open(page);
  await page.getByTestId('launch').click();
  const tpl = page.locator('[data-testid=template][data-template=web-sidecar]');
  await tpl.click();
  await expect(tpl).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('validation')).toContainText('valid');
  await page.getByTestId('pod-name').fill(pod);
  await page.getByTestId('launch-submit').click();
  // The dialog closes when launch() resolved: sandbox and app containers are started.
  await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 90_000 });
  await expect(page.locator(`[data-testid=pod-item][data-pod="${pod}"]`)).toBeVisible();

  const sandbox = docker('ps', '-q', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.role=sandbox');
  const [ip, pid] = docker('inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}} {{.State.Pid}}', sandbox).split(' ');
  const netns = readlinkSync(`/proc/${pid}/ns/net`); // the tests run as root (scripts/test.sh)
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(netns).toMatch(/^net:\[\d+\]$/);

  const box = page.locator(`[data-testid=topology] g[data-pod="${pod}"][data-phase]`);
  await expect(box.locator(`[data-ip="${ip}"]`)).toHaveCount(1);
  await expect(box.locator(`[data-netns="${netns}"]`)).toHaveCount(1);
  await expect(box.locator('[data-container="web"] [data-port="80/tcp"]')).toHaveCount(1, { timeout: 20_000 });
  await box.locator('[data-container="POD"]').waitFor();
  // The detail panel agrees.
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  await expect(page.getByTestId('pod-ip')).toHaveText(ip ?? '');
  await expect(page.getByTestId('ns-net')).toHaveText(netns);
});

test('manifest editor: inline errors block launching, warnings do not', async ({ page }) => {
  await open(page);
  await page.getByTestId('launch').click();
  await page.locator('[data-testid=template][data-template=port-conflict]').click();
  await expect(page.getByTestId('validation')).toContainText('duplicate port definition');
  await expect(page.getByTestId('launch-submit')).toBeEnabled();
  await fillManifest(page, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  hostPID: true\n  containers: []\n');
  await expect(page.getByTestId('manifest')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('validation')).toContainText('metadata.name');
  await expect(page.getByTestId('validation')).toContainText('not supported by podlab: spec.hostPID');
  await expect(page.getByTestId('launch-submit')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('manifest')).toHaveCount(0);
});

test('add a conflicting container from the UI and read the explanation where it failed', async ({ page }) => {
  await open(page);
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  await page.getByTestId('add-container').click();
  await expect(page.getByTestId('add-port')).toHaveValue('80');
  await expect(page.getByTestId('add-name')).toHaveValue('web-2');
  await page.getByTestId('add-submit').click();
  await expect(page.getByTestId('add-submit')).toHaveCount(0, { timeout: 90_000 });
  const victim = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="web-2"]`);
  await expect(victim).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(victim).toContainText('FAILED');
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  const banner = page.getByTestId('conflict').first();
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('80');
  await expect(banner).toContainText(/in use|already/i);
  // In Korean the explanation is composed from the conflict's fields; the engine's English sentence stays available.
  await page.getByTestId('language').selectOption('ko');
  await expect(banner.getByTestId('conflict-text')).toContainText('포트 80/tcp는 이미 사용 중입니다');
  await expect(banner.getByTestId('conflict-text')).toContainText('web 컨테이너');
  await expect(banner).toContainText('CrashLoopBackOff');
  await banner.locator('summary').click();
  await expect(banner.getByTestId('conflict-original')).toContainText(/already in use/);
  await page.getByTestId('language').selectOption('en');
});

test('docker kill from outside turns the container red without reload', async ({ page }) => {
  await open(page);
  const web = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="sidecar"]`);
  await expect(web).toHaveAttribute('data-state', 'ok');
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const id = docker('ps', '-q', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=sidecar');
  docker('kill', id);
  await expect(web).toHaveAttribute('data-state', 'failed', { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  // The events timeline reads time · type (word + symbol, not colour alone) · reason · container, then the message.
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  const died = page.locator('[data-testid=events] li[data-type=Warning][data-reason=Died]').filter({ hasText: 'sidecar' }).first();
  await expect(died).toBeVisible();
  await expect(died.locator('.type')).toHaveText(/⚠\s*Warning/);
  await expect(died.locator('.reason')).toHaveText('Died');
  await expect(died.locator('.who code')).toHaveText('sidecar');
  await expect(died.locator('.msg')).toContainText('exited (137)');
  // Not run together: on one line with a gap, or (a narrow panel) the container wrapped onto the next line.
  const [reasonBox, whoBox] = [await died.locator('.reason').boundingBox(), await died.locator('.who').boundingBox()];
  expect(reasonBox && whoBox).toBeTruthy();
  const wrapped = whoBox!.y >= reasonBox!.y + reasonBox!.height - 1;
  if (!wrapped) expect(whoBox!.x - (reasonBox!.x + reasonBox!.width)).toBeGreaterThanOrEqual(6);
});

test('keyboard: focus a container in the drawing and press Enter to open its details', async ({ page }) => {
  await open(page);
  const web = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="web"]`);
  await expect(web).toHaveAttribute('tabindex', '0');
  await expect(web).toHaveAttribute('role', 'button');
  await expect(web).toHaveAttribute('aria-label', /web: (OK|FAILED)/);
  await web.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('container-detail')).toHaveAttribute('data-container', 'web');
  // Focus survives the drawing being re-rendered by live updates.
  await expect(web).toBeFocused();
});

test('export a snapshot as JSON, SVG and PNG', async ({ page }) => {
  await open(page);
  await page.getByTestId('export').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const doc = JSON.parse(readFileSync((await json.path()) ?? '', 'utf8')) as { schema: string; pods: { name: string; ip: string }[] };
  expect(doc.schema).toBe('podlab.snapshot/v1');
  expect(doc.pods.some((p) => p.name === pod && /^\d+\./.test(p.ip))).toBe(true);
  await page.getByTestId('export').click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const text = readFileSync((await svg.path()) ?? '', 'utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain(`data-pod="${pod}"`);
  await page.getByTestId('export').click();
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const bytes = readFileSync((await png.path()) ?? '');
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(5000);
});

test('switch the language to Korean and back', async ({ page }) => {
  await open(page);
  await page.getByTestId('language').selectOption('ko');
  await expect(page.getByTestId('launch')).toHaveText('파드 실행…');
  await expect(page.getByTestId('connection')).toContainText('연결됨');
  await expect(page.locator('[data-testid=topology] svg')).toContainText('호스트');
  await page.reload();
  await expect(page.getByTestId('launch')).toHaveText('파드 실행…');
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('launch')).toHaveText('Launch pod…');
});

test('stop and start a container, then kill the sandbox, from the detail panel', async ({ page }) => {
  await open(page);
  const web = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="web"]`);
  await web.click();
  // Only the action that applies to the container's state is offered.
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(web).not.toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  expect(docker('inspect', '-f', '{{.State.Running}}', docker('ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=web'))).toBe('false');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(web).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });

  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  await page.getByTestId('kill-sandbox').click();
  const sandbox = page.locator(`[data-testid=topology] [data-pod="${pod}"][data-container="POD"]`);
  await expect(sandbox).not.toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
});

test('remove the pod from the UI', async ({ page }) => {
  await open(page);
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('remove-pod').click();
  await expect(page.locator(`[data-testid=pod-item][data-pod="${pod}"]`)).toHaveCount(0, { timeout: 30_000 });
  expect(docker('ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`)).toBe('');
});
