// The desktop app itself, driven by Playwright's _electron: runs where the Electron binary is installed and
// says why it is skipped where it is not.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { testImages } from './serve-fixture';

function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const p = join(dir, 'path.txt');
    if (!existsSync(p)) return null;
    const bin = join(dir, 'dist', readFileSync(p, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();

test('desktop app: locked-down window shows the live UI through the preload bridge', async () => {
  const reason = 'Electron binary not installed (npm does not run its installer; it cannot be downloaded here) — with network access run: node node_modules/electron/install.js';
  if (!bin) console.log(`skipped: ${reason}`);
  test.skip(!bin, reason);
  const app = await electron.launch({ executablePath: bin ?? undefined, args: ['.', '--no-sandbox'], env: { ...process.env, ...testImages } });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('connection')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // nodeIntegration off and context isolation on: no Node globals in the page, only the bridge.
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
    // Navigation away is blocked.
    await win.evaluate(() => void (location.href = 'https://example.invalid/'));
    expect(win.url()).toMatch(/^file:/);
    expect(await win.evaluate(() => Object.keys((window as unknown as { podlab: object }).podlab).sort())).toEqual(['invoke', 'onMenu', 'onPush', 'saveFile']);
  } finally {
    await app.close();
  }
});
