// An ephemeral (debug) container in the topology, against the real engine: `podlab debug <pod> --target web -- sleep`
// adds one to a launched web-sidecar; the drawing shows it inside the pod's netns box, tagged ephemeral with its
// target, and greys it once its command has ended (it is never restarted). Clicking its row opens its own panel:
// its state and target, its log, a terminal while it runs.
// With PODLAB_SCREENSHOTS=1 it also refreshes docs/screenshots/ephemeral.png.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { onlyPodsStartingWith, openEnglishUi, removePodContainers, startServe, testImages, uniqueName, type Served, docShot } from './serve-fixture';

const pod = uniqueName('h11b-eph');
let served: Served;
let debug: ChildProcess | null = null;

test.beforeAll(async () => {
  execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { env: { ...process.env, ...testImages }, stdio: 'ignore', timeout: 90_000 });
  served = await startServe({ PODLAB_KUBELET_ONLY: pod });
});
test.afterAll(async () => {
  if (debug && debug.exitCode === null) debug.kill('SIGKILL');
  await served?.stop();
  removePodContainers(pod);
});

test('podlab debug: the ephemeral container is drawn inside the netns box, tagged, its target named, greyed when done', async ({ page }) => {
  test.setTimeout(90_000);
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(onlyPodsStartingWith(pod, String(m))));
    ws.onMessage((m) => server.send(m));
  });
  await openEnglishUi(page, served.url);
  const box = page.locator(`[data-testid=topology] g[data-pod="${pod}"][data-phase]`);
  await expect(box).toBeVisible();
  await expect(box.locator('[data-role=ephemeral]')).toHaveCount(0);

  // Non-interactive, as `kubectl debug … -- sleep 15`: podlab waits for the command, whose exit code it returns.
  const child = spawn('bin/podlab', ['debug', pod, '--target', 'web', '--', 'sh', '-c', 'echo debugger-says-hi; sleep 15'], { env: { ...process.env, ...testImages }, stdio: ['ignore', 'ignore', 'pipe'] });
  debug = child;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const row = box.locator('[data-role=ephemeral]');
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await expect(row).toHaveAttribute('data-ephemeral', /^debugger-/);
  await expect(row).toHaveAttribute('data-target', 'web');
  await expect(row).toHaveAttribute('data-state', 'ok');
  await expect(row.locator('[data-tag=ephemeral]')).toHaveText('ephemeral');
  await expect(row).toContainText('running · target web');
  // Inside the netns box: below the pod's own rows, within its outline.
  const outer = await box.locator('rect').first().boundingBox();
  const inner = await row.locator('rect').first().boundingBox();
  expect(outer && inner && inner.y > outer.y && inner.y + inner.height <= outer.y + outer.height).toBe(true);
  // A click opens its own panel: running, its target, its log, a terminal; no stop/start (kubectl has none either).
  await row.click();
  const detail = page.getByTestId('container-detail');
  await expect(detail).toHaveAttribute('data-container', /^debugger-/);
  // The row whose panel is open is outlined as selected, as an app container's row is.
  await expect(row.locator('rect').first()).toHaveAttribute('stroke-width', '2.5');
  await expect(detail).toContainText('running');
  await expect(page.getByTestId('container-kind')).toHaveAttribute('data-kind', 'ephemeral');
  await expect(page.getByTestId('container-kind')).toContainText('sees the processes of web');
  await expect(page.getByTestId('logs')).toContainText('debugger-says-hi');
  await expect(page.getByTestId('open-terminal')).toBeVisible();
  await expect(page.getByTestId('detail').getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  await docShot(page, 'ephemeral.png');
  // Back on the pod, its panel lists it.
  await page.getByTestId('detail').getByRole('button', { name: `← Pod ${pod}` }).click();
  await expect(page.getByTestId('ephemeral-containers')).toContainText('debugger-');

  expect(await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running after 40 s'), 40_000))])).toBe(0);
  await expect(row).toHaveAttribute('data-state', 'stopped', { timeout: 15_000 });
  await expect(row).toHaveAttribute('opacity', '0.55');
  await expect(row).toContainText('exited (0)');
});
