// Hands inside the pod, in the browser UI against the real engine: a terminal on the sidecar of web-sidecar reaches
// the web server on 127.0.0.1:80 and shows the topology's IP, a terminal says why it ended when its container dies,
// a busybox debug container opens as a terminal, and "Prove it" shows one IP and the reach matrix.
// With PODLAB_SCREENSHOTS=1 it also refreshes docs/screenshots/terminal.png and prove-it.png.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { docker, openEnglishUi, removePodContainers, startServe, testImages, uniqueName, type Served, docShot, narrowPods, type WireMessage } from './serve-fixture';
import { debugTerminal, openTerminalOn, sidecarTerminal } from './terminal-bodies';

let served: Served;
const pod = uniqueName('h11-e2e');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  execFileSync('bin/podlab', ['launch', 'web-sidecar', '--name', pod, '--wait'], { env: { ...process.env, ...testImages }, stdio: 'ignore', timeout: 90_000 });
  // This serve's kubelet looks after this file's pod only (the engine is shared).
  served = await startServe({ PODLAB_KUBELET_ONLY: pod });
});
test.afterAll(async () => {
  await served?.stop();
  removePodContainers(pod);
});

/** Opens the UI showing only this file's pod (the engine is shared), in a fixed size for screenshots. */
async function open(page: Page): Promise<void> {
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(JSON.stringify(narrowPods(JSON.parse(String(m)) as WireMessage, (name) => name === pod))));
    ws.onMessage((m) => server.send(m));
  });
  await openEnglishUi(page, served.url);
  await page.locator(`[data-testid=pod-item][data-pod="${pod}"]`).click();
}

test('a terminal on the sidecar: wget reaches the web server on 127.0.0.1:80; eth0 carries the topology IP', async ({ page }) => {
  await open(page);
  await sidecarTerminal(page, 'terminal.png');
});

test('Debug with busybox opens an ephemeral container terminal that sees the target\'s processes', async ({ page }) => {
  await open(page);
  await debugTerminal(page);
});

test('Prove it: one IP across the containers and a reach matrix', async ({ page }) => {
  await open(page);
  await page.getByTestId('prove-button').click();
  await expect(page.getByTestId('prove-verdict')).toHaveText(/Same network namespace, same IP, same MAC/, { timeout: 30_000 });
  const ids = page.getByTestId('prove-identities');
  const ip = (await page.getByTestId('pod-ip').textContent()) ?? 'no ip';
  // web and sidecar (the debug container of the test before ended with its page), side by side, both with the pod's IP.
  await expect(ids.getByTestId('prove-column')).toHaveText(['web', 'sidecar']);
  await expect(ids.locator('tbody tr').filter({ hasText: 'eth0' }).locator('td')).toHaveText([new RegExp(`^${ip.replace(/\./g, "\\.")}/\\d+$`), new RegExp(`^${ip.replace(/\./g, "\\.")}/\\d+$`)]);
  const matrix = page.getByTestId('prove-matrix');
  await expect(matrix.locator('thead')).toContainText(':80');
  await expect(matrix.locator('thead')).toContainText('web');
  await expect(matrix.locator('td[data-result=reached]')).toHaveCount(2);
  if (process.env.PODLAB_SCREENSHOTS) {
    await page.getByTestId('prove').scrollIntoViewIfNeeded();
    await docShot(page, 'prove-it.png');
  }
});

test('a terminal whose container dies says why it ended', async ({ page }) => {
  await open(page);
  const term = await openTerminalOn(page, 'web');
  const id = docker('ps', '-q', '--filter', `label=io.podlab.pod=${pod}`, '--filter', 'label=io.podlab.container=web');
  docker('kill', id);
  await expect(term.getByTestId('terminal-status')).toContainText('the container stopped (exited', { timeout: 20_000 });
});
