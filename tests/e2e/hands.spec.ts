// Hands inside the pod, in the browser UI against the real engine: a terminal on the sidecar of web-sidecar reaches
// the web server on 127.0.0.1:80 and shows the topology's IP, a terminal says why it ended when its container dies,
// a busybox debug container opens as a terminal, and "Prove it" shows one IP and the reach matrix.
// With PODLAB_SCREENSHOTS=1 it also refreshes docs/screenshots/terminal.png and prove-it.png.
import { execFileSync } from 'node:child_process';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { docker, openEnglishUi, removePodContainers, startServe, testImages, uniqueName, type Served, docShot, narrowPods, type WireMessage } from './serve-fixture';

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

async function openTerminalOn(page: Page, container: string): Promise<Locator> {
  await page.getByTestId('pod-detail').getByRole('button', { name: container, exact: true }).click();
  await page.getByTestId('open-terminal').click();
  const term = page.locator(`[data-testid=terminal][data-container="${container}"]`).last();
  await expect(term.locator('.xterm-rows')).toContainText('#', { timeout: 15_000 }); // the shell's prompt
  return term;
}

async function type(page: Page, term: Locator, line: string): Promise<void> {
  await term.locator('.xterm-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('a terminal on the sidecar: wget reaches the web server on 127.0.0.1:80; hostname -i is the topology IP', async ({ page }) => {
  await open(page);
  const ip = await page.getByTestId('pod-ip').textContent();
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const term = await openTerminalOn(page, 'sidecar');
  await type(page, term, 'wget -qO- http://127.0.0.1:80/');
  await expect(term.locator('.xterm-rows')).toContainText('hello from podlab');
  await type(page, term, 'hostname -i');
  await expect(term.locator('.xterm-rows')).toContainText(ip ?? 'no ip');
  await expect(term.getByTestId('terminal-status')).toHaveText('running');
  // The TTY in the container has the size xterm fitted to its box (fit → resize message → engine), and follows the
  // box when it widens. The typed line has no digits between the markers, so only the shell's answer matches.
  const ttySize = async (): Promise<{ rows: number; cols: number }> => {
    const before = [...((await term.locator('.xterm-rows').textContent()) ?? '').matchAll(/sz-(\d+)x(\d+)-end/g)].length;
    await type(page, term, "echo sz-$(stty size | tr ' ' x)-end");
    await expect.poll(async () => [...((await term.locator('.xterm-rows').textContent()) ?? '').matchAll(/sz-(\d+)x(\d+)-end/g)].length).toBe(before + 1);
    const m = [...((await term.locator('.xterm-rows').textContent()) ?? '').matchAll(/sz-(\d+)x(\d+)-end/g)].at(-1)!;
    return { rows: Number(m[1]), cols: Number(m[2]) };
  };
  const narrow = await ttySize();
  expect(narrow.rows).toBe(await term.locator('.xterm-rows > div').count());
  await term.getByRole('button', { name: 'Widen across the window' }).click();
  await expect.poll(async () => (await ttySize()).cols, { timeout: 10_000 }).toBeGreaterThan(narrow.cols + 10);
  await term.getByRole('button', { name: 'Back into the panel' }).click();
  await expect.poll(async () => (await ttySize()).cols, { timeout: 10_000 }).toBe(narrow.cols);
  if (process.env.PODLAB_SCREENSHOTS) {
    await term.getByRole('button', { name: 'Widen across the window' }).click();
    await docShot(page, 'terminal.png');
    await term.getByRole('button', { name: 'Back into the panel' }).click();
  }
  // Typing exit ends the shell: the terminal says so.
  await type(page, term, 'exit 3');
  await expect(term.getByTestId('terminal-status')).toHaveText('the shell exited (code 3)');
  await term.getByTestId('terminal-close').click();
  await expect(page.getByTestId('terminal')).toHaveCount(0);
});

test('Debug with busybox opens an ephemeral container terminal that sees the target\'s processes', async ({ page }) => {
  await open(page);
  await page.getByTestId('debug-open').click();
  await page.getByTestId('debug-target').selectOption('sidecar');
  await page.getByTestId('debug-start').click();
  const term = page.locator('[data-testid=terminal]').last();
  await expect(term).toContainText('ephemeral');
  await expect(term.locator('.xterm-rows')).toContainText('#', { timeout: 15_000 });
  // The sidecar's own command line: visible only in its PID namespace, which the target shares.
  await type(page, term, 'ps -o pid,args');
  await expect(term.locator('.xterm-rows')).toContainText('sh -c sleep 1; i=0');
  await expect(page.getByTestId('ephemeral-containers')).toContainText('debugger-');
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
