// Hands inside a CRI pod in serve's UI: `podlab serve` on a private containerd opens a terminal on a pod's container
// through the runtime's streaming server (the same bodies as hands.spec.ts on Docker), a busybox debug container's
// terminal attached in the pod, and a terminal that says why it ended when its container is stopped through the CRI.
// With PODLAB_SCREENSHOTS=1 it also refreshes docs/screenshots/cri-terminal.png.
import { expect, test, type Page } from '@playwright/test';
import { startCriServe, type CriServed } from './cri-fixture';
import { openEnglishUi } from './serve-fixture';
import { debugTerminal, openTerminalOn, sidecarTerminal } from './terminal-bodies';

let cri: CriServed;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  cri = await startCriServe('c13');
});

test.afterAll(async () => {
  await cri?.stop();
});

async function open(page: Page): Promise<void> {
  await openEnglishUi(page, cri.served.url);
  await page.locator(`[data-testid=pod-item][data-pod="${cri.pod}"]`).click();
}

test('a terminal on a CRI pod\'s sidecar: commands run, the TTY follows xterm, exit gives the code', async ({ page }) => {
  await open(page);
  await sidecarTerminal(page, 'cri-terminal.png');
});

test('Debug with busybox on the CRI opens an ephemeral container terminal that sees the target\'s processes', async ({ page }) => {
  await open(page);
  await debugTerminal(page);
  const eph = await cri.ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': cri.pod, 'io.podlab.role': 'ephemeral' } });
  expect(eph).toHaveLength(1);
  // The page goes: the debug shell is not left running (it is never restarted either).
  await page.close();
  await expect.poll(async () => (await cri.ctd.cri.containerStatus(eph[0]!.id, false)).status?.state, { timeout: 20_000 }).toBe('CONTAINER_EXITED');
});

test('a terminal whose CRI container is stopped says why it ended', async ({ page }) => {
  await open(page);
  const term = await openTerminalOn(page, 'web');
  const [web] = await cri.ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': cri.pod, 'io.podlab.container': 'web', 'io.podlab.attempt': '0' } });
  await cri.ctd.cri.stopContainer(web!.id, 0);
  await expect(term.getByTestId('terminal-status')).toContainText('the container stopped (exited', { timeout: 20_000 });
});
