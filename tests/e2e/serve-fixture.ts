// Starts `bin/podlab serve` on 127.0.0.1 with a random port for a test file, reads the printed URL with its token,
// and stops it afterwards. Also small helpers around the docker CLI for checking what the UI shows.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

export interface Served {
  url: string;
  token: string;
  port: number;
  origin: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export const testImages = {
  PODLAB_PAUSE_IMAGE: process.env.PODLAB_PAUSE_IMAGE ?? 'podlab-test/pause:local',
  PODLAB_DEMO_IMAGE: process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local',
};

/** `port` 0 picks a free one; a fixed port lets a test restart serve on the same address. */
export async function startServe(env: NodeJS.ProcessEnv = {}, port = 0): Promise<Served> {
  const proc = spawn('bin/podlab', ['serve', '--port', String(port)], { env: { ...process.env, ...testImages, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`podlab serve printed no URL in 15 s. stderr: ${err}`)), 15_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[0]);
      }
    });
    proc.once('exit', (code) => reject(new Error(`podlab serve exited (${code}): ${err}`)));
  });
  const u = new URL(url);
  return {
    url,
    token: u.searchParams.get('token') ?? '',
    port: Number(u.port),
    origin: u.origin,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Removes every container of the given podlab pod (by label), ignoring errors: cleanup must never throw. */
export function removePodContainers(pod: string): void {
  try {
    const ids = docker('ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`).split('\n').filter(Boolean);
    if (ids.length) docker('rm', '-f', ...ids);
  } catch {
    // already gone
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** A parsed WebSocket message of `podlab serve`, as far as the pod filters below look into it. */
export interface WireMessage {
  kind: string;
  event?: { type: string; model?: { pods: { name: string }[] }; pods?: { name: string }[]; names?: string[] };
  result?: unknown;
}

/**
 * Narrows a parsed message's pods to those `keep` accepts, in place: a model push, a model delta (its pods and names)
 * and an answer carrying pods (getModel). The engine is shared, so a page is shown only its test's pods.
 */
export function narrowPods(msg: WireMessage, keep: (name: string) => boolean): WireMessage {
  const only = <T extends { name: string }>(xs: T[]): T[] => xs.filter((p) => keep(p.name));
  const ev = msg.event;
  if (msg.kind === 'push' && ev?.type === 'model' && ev.model) ev.model.pods = only(ev.model.pods);
  if (msg.kind === 'push' && ev?.type === 'pods' && ev.pods && ev.names) {
    ev.pods = only(ev.pods);
    ev.names = ev.names.filter(keep);
  }
  const r = msg.result as { pods?: { name: string }[] } | null | undefined;
  if (msg.kind === 'response' && r && Array.isArray(r.pods)) r.pods = only(r.pods);
  return msg;
}

/** A WebSocket message with every model's and listing's pods narrowed to those named `prefix…` (the engine is shared). */
export function onlyPodsStartingWith(prefix: string, text: string): string {
  return JSON.stringify(narrowPods(JSON.parse(text) as WireMessage, (name) => name.startsWith(prefix)));
}

/** Opens serve's UI in a language and the light theme, at the size the screenshots use, and waits until it is connected. */
export async function openUi(page: Page, url: string, locale: 'en' | 'ko'): Promise<void> {
  await page.addInitScript((l) => {
    localStorage.setItem('podlab.theme', 'light');
    localStorage.setItem('podlab.locale', l);
  }, locale);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
}

/** Opens the launch dialog and waits until its CodeMirror editor holds the first template: filled earlier, the text could
 *  go to the plain textarea that stands in while CodeMirror loads, and be lost when CodeMirror takes its place. */
export async function openLaunchDialog(page: Page): Promise<void> {
  await page.getByTestId('launch').click();
  await expect(page.locator('.cm-editor')).toBeVisible();
  await expect(page.getByTestId('template').first()).toHaveAttribute('aria-checked', 'true');
}

/** openUi in English. */
export function openEnglishUi(page: Page, url: string): Promise<void> {
  return openUi(page, url, 'en');
}

/**
 * Replaces the launch dialog's manifest with `text` as a person would: select all in the editor (CodeMirror's own
 * command: the whole document, whatever it has drawn), then type it in one input. Playwright's fill() selects what the
 * DOM shows, and once under load it left template lines beside the new text. Waits until the editor holds its lines.
 */
export async function fillManifest(page: Page, text: string): Promise<void> {
  // CodeMirror, not the textarea that stands in while it loads (openLaunchDialog says why).
  await expect(page.locator('.cm-editor')).toBeVisible();
  await page.getByTestId('manifest').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await expect(page.locator('.cm-editor .cm-line')).toHaveCount(text.split('\n').length);
}

/** A screenshot for the README: written to docs/screenshots/ only when PODLAB_SCREENSHOTS=1, so a test run leaves the tree as it was. */
export async function docShot(page: Page, file: string): Promise<void> {
  if (process.env.PODLAB_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/${file}` });
}
