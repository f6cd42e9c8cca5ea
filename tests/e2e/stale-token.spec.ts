// A restarted `podlab serve` makes a new token: a page still open with the old one must say so clearly (and stop
// retrying) instead of spinning on "reconnecting" forever. Serve is stopped and started again on the same port.
import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve-fixture';

let first: Served | undefined;
let second: Served | undefined;
test.afterAll(async () => {
  await first?.stop();
  await second?.stop();
});

test('after serve restarts on the same port, the old page says its token is no longer valid and what to do', async ({ page }) => {
  first = await startServe();
  await page.goto(first.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await first.stop();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
  second = await startServe({}, first.port);
  expect(second.port).toBe(first.port);
  expect(second.token).not.toBe(first.token);

  const screen = page.getByTestId('stale-token');
  await expect(screen).toBeVisible({ timeout: 20_000 });
  await expect(screen).toContainText('no longer valid');
  await expect(screen).toContainText('podlab serve');
  await expect(screen).toContainText(`127.0.0.1:${first.port}/?token=`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'stale-token');
  await expect(page.getByTestId('reconnecting')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // The new URL works on the same address.
  await page.goto(second.url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('stale-token')).toHaveCount(0);
});
