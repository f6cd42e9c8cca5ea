// Terminal test bodies for serve's UI that run unchanged on every backend: a terminal on web-sidecar's sidecar (the
// web server over 127.0.0.1, the topology's IP, the TTY's size following xterm, the exit code) and a debug container's
// terminal that sees its target's processes. hands.spec.ts runs them on Docker, cri-hands.spec.ts on containerd.
import { expect, type Locator, type Page } from '@playwright/test';
import { docShot } from './serve-fixture';

export async function openTerminalOn(page: Page, container: string): Promise<Locator> {
  await page.getByTestId('pod-detail').getByRole('button', { name: container, exact: true }).click();
  await page.getByTestId('open-terminal').click();
  const term = page.locator(`[data-testid=terminal][data-container="${container}"]`).last();
  await expect(term.locator('.xterm-rows')).toContainText('#', { timeout: 15_000 }); // the shell's prompt
  return term;
}

export async function type(page: Page, term: Locator, line: string): Promise<void> {
  await term.locator('.xterm-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The pod's detail is open: a terminal on its sidecar; `screenshot` names the docs picture (PODLAB_SCREENSHOTS=1). */
export async function sidecarTerminal(page: Page, screenshot: string): Promise<void> {
  const ip = await page.getByTestId('pod-ip').textContent();
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const term = await openTerminalOn(page, 'sidecar');
  await type(page, term, 'wget -qO- http://127.0.0.1:80/');
  await expect(term.locator('.xterm-rows')).toContainText('hello from podlab');
  // The pod's eth0 carries the topology's IP (the kernel's answer; `hostname -i` reads /etc/hosts, which the CRI
  // leaves to the kubelet).
  await type(page, term, 'ip -4 addr show eth0');
  await expect(term.locator('.xterm-rows')).toContainText(`inet ${ip ?? 'no ip'}/`);
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
    await docShot(page, screenshot);
    await term.getByRole('button', { name: 'Back into the panel' }).click();
  }
  // Typing exit ends the shell: the terminal says so.
  await type(page, term, 'exit 3');
  await expect(term.getByTestId('terminal-status')).toHaveText('the shell exited (code 3)');
  await term.getByTestId('terminal-close').click();
  await expect(page.getByTestId('terminal')).toHaveCount(0);
}

/** The pod's detail is open: Debug with busybox, targeting the sidecar, opens a terminal in its PID namespace. */
export async function debugTerminal(page: Page): Promise<void> {
  // The button and its explanation name the image the debug container runs (PODLAB_DEMO_IMAGE here), not a fixed one.
  const image = process.env.PODLAB_DEMO_IMAGE || 'busybox';
  await expect(page.getByTestId('debug-open')).toHaveText(`Debug with ${image}…`);
  await page.getByTestId('debug-open').click();
  await expect(page.getByTestId('debug-form')).toContainText(`Adds an ephemeral ${image} container`);
  await page.getByTestId('debug-target').selectOption('sidecar');
  await page.getByTestId('debug-start').click();
  const term = page.locator('[data-testid=terminal]').last();
  await expect(term).toContainText('ephemeral');
  await expect(term.locator('.xterm-rows')).toContainText('#', { timeout: 15_000 });
  // The sidecar's own command line: visible only in its PID namespace, which the target shares.
  await type(page, term, 'ps -o pid,args');
  await expect(term.locator('.xterm-rows')).toContainText('sh -c sleep 1; i=0');
  await expect(page.getByTestId('ephemeral-containers')).toContainText('debugger-');
}
