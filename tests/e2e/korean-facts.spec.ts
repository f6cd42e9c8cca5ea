// The Korean UI speaks Korean for the facts too: the template gallery's titles and lessons, podlab's predictions in
// the launch dialog, a pod-port conflict and the failing container's events are rendered from the model's codes.
// Real engine, real UI (podlab serve in Chromium); the page only sees this file's own pods (h10w-ko-*).
import { expect, test, type Page } from '@playwright/test';
import { onlyPodsStartingWith, removePodContainers, startServe, type Served, docShot } from './serve-fixture';

const PREFIX = 'h10w-ko-';
const POD = `${PREFIX}conflict`;
const hangul = /[\uac00-\ud7af]/;
let served: Served;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  removePodContainers(POD);
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
  removePodContainers(POD);
});

async function openKorean(page: Page): Promise<void> {
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(onlyPodsStartingWith(PREFIX, String(m))));
    ws.onMessage((m) => server.send(m));
  });
  await page.addInitScript(() => localStorage.setItem('podlab.locale', 'ko'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(served.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
}

test('gallery, predictions, conflict and events in Korean', async ({ page }) => {
  test.setTimeout(150_000);
  await openKorean(page);
  await page.getByTestId('launch').click();
  const tpl = page.locator('[data-testid=template][data-template=port-conflict]');
  await expect(tpl).toContainText('한 파드에 포트 80 서버 둘');
  await expect(tpl).toContainText('CrashLoopBackOff');
  await tpl.click();
  const validation = page.getByTestId('validation');
  await expect(validation).toContainText('podlab 예측');
  await expect(validation).toContainText('duplicate port definition'); // the API server's own words stay as kubectl prints them
  await docShot(page, 'korean-gallery.png');

  await page.getByTestId('pod-name').fill(POD);
  await page.getByTestId('launch-submit').click();
  await expect(page.getByTestId('launch-submit')).toHaveCount(0, { timeout: 90_000 });
  const victim = page.locator(`[data-testid=topology] [data-pod="${POD}"][data-container=web-2][data-state=failed]`);
  await expect(victim).toBeVisible({ timeout: 60_000 });
  await victim.click();
  await expect(page.getByTestId('container-detail')).toBeVisible();
  await expect(page.getByTestId('conflict-text').first()).toContainText('이미 사용 중입니다');
  const backOff = page.locator('[data-testid=events] li[data-reason=BackOff] .msg').first();
  await expect(backOff).toBeVisible({ timeout: 30_000 });
  await expect(backOff).toHaveText(hangul);
  await expect(backOff).toContainText('web-2');
  // The engine's English stays one hover away.
  await expect(backOff).toHaveAttribute('title', /Back-off restarting failed container web-2/);
  await page.getByTestId('events').scrollIntoViewIfNeeded();
  await docShot(page, 'korean-events.png');
});
