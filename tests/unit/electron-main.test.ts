// The Electron shell's own rules, checked without the Electron binary (not installable here): which URLs may load,
// what navigation / new windows / permissions do, which IPC senders and save requests are refused, and the
// remembered window size. `electron` is replaced by a recorder; the running app is covered by tests/e2e/electron.spec.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (e: unknown, ...args: unknown[]) => unknown>();
const opened: string[] = [];
const saveDialogs: unknown[] = [];

vi.mock('electron', () => ({
  ipcMain: { handle: (ch: string, fn: (e: unknown, ...a: unknown[]) => unknown) => handlers.set(ch, fn) },
  dialog: {
    showSaveDialog: async (...a: unknown[]) => {
      saveDialogs.push(a);
      return { canceled: true };
    },
  },
  shell: {
    openExternal: async (url: string) => {
      opened.push(url);
    },
  },
}));

const { CSP, isAppUrl, lockSession, lockWindow } = await import('../../electron/main/security');
const { installIpc } = await import('../../electron/main/ipc');
const { loadWindowState, saveWindowState } = await import('../../electron/main/window-state');

describe('which URLs the window may load', () => {
  it('allows the app bundle and the dev server only', () => {
    expect(isAppUrl('file:///opt/podlab/out/renderer/index.html', undefined)).toBe(true);
    expect(isAppUrl('https://example.com/', undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.ts', 'http://localhost:5173')).toBe(true);
  });
});

describe('lockSession', () => {
  it('cancels remote requests, injects the CSP and grants no permission', () => {
    let before: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    let headers: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    let permission: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    const ses = {
      webRequest: { onBeforeRequest: (fn: typeof before) => (before = fn), onHeadersReceived: (fn: typeof headers) => (headers = fn) },
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
    };
    lockSession(ses as never, undefined);
    const cancelled = (url: string): boolean => {
      let r = false;
      before!({ url }, (x) => (r = x.cancel));
      return r;
    };
    expect(cancelled('https://cdn.example.com/font.woff')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///opt/podlab/out/renderer/assets/index.js')).toBe(false);
    let csp: string[] | undefined;
    headers!({ responseHeaders: {} }, (r) => (csp = r.responseHeaders['Content-Security-Policy']));
    expect(csp).toEqual([CSP]);
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    let granted: boolean | null = null;
    permission!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(check!()).toBe(false);
  });
});

describe('lockWindow', () => {
  beforeEach(() => {
    opened.length = 0;
  });

  function fakeWindow(): { win: never; wc: EventEmitter & { openHandler?: (d: { url: string }) => { action: string } } } {
    const wc = Object.assign(new EventEmitter(), {
      openHandler: undefined as ((d: { url: string }) => { action: string }) | undefined,
      setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
        this.openHandler = fn;
      },
    });
    return { win: { webContents: wc } as never, wc };
  }

  it('blocks navigation and webviews; new windows are denied, and only http(s) links go to the system browser', () => {
    const { win, wc } = fakeWindow();
    lockWindow(win, undefined);
    const nav = { prevented: false, preventDefault(): void { this.prevented = true; } };
    wc.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.prevented).toBe(true);
    const view = { prevented: false, preventDefault(): void { this.prevented = true; } };
    wc.emit('will-attach-webview', view);
    expect(view.prevented).toBe(true);
    expect(wc.openHandler!({ url: 'https://kubernetes.io/docs/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://kubernetes.io/docs/']);
  });
});

describe('IPC', () => {
  const calls: unknown[][] = [];
  const session = Object.assign(new EventEmitter(), {
    call: async (method: unknown, args: unknown) => {
      calls.push([method, args]);
      return 'ok';
    },
  });
  const ours = { isDestroyed: () => false, webContents: { send: vi.fn() } };

  beforeEach(() => {
    handlers.clear();
    calls.length = 0;
    saveDialogs.length = 0;
    installIpc(session as never, () => ours as never, (url) => url.startsWith('file://'));
  });

  it('refuses requests from another window or a foreign frame before they reach the engine session', async () => {
    const invoke = handlers.get('podlab:invoke')!;
    await expect(invoke({ sender: {}, senderFrame: { url: 'file:///x' } }, 'getModel', [])).rejects.toThrow(/unknown frame/);
    await expect(invoke({ sender: ours.webContents, senderFrame: { url: 'https://evil.example/' } }, 'getModel', [])).rejects.toThrow(/unknown frame/);
    expect(calls).toEqual([]);
    await expect(invoke({ sender: ours.webContents, senderFrame: { url: 'file:///app/index.html' } }, 'getModel', [])).resolves.toBe('ok');
    expect(calls).toEqual([['getModel', []]]);
  });

  it('validates save requests before any dialog opens', async () => {
    const save = handlers.get('podlab:save')!;
    const e = { sender: ours.webContents, senderFrame: { url: 'file:///app/index.html' } };
    await expect(save(e, '', 'x')).rejects.toThrow();
    await expect(save(e, 'a.json', 42)).rejects.toThrow();
    await expect(save(e, 'a.json', 'x', 'latin1')).rejects.toThrow();
    expect(saveDialogs).toEqual([]);
    await expect(save(e, 'snapshot.json', '{}', 'utf8')).resolves.toBe(false); // the recorder cancels the dialog
    expect(saveDialogs).toHaveLength(1);
  });

  it('forwards engine pushes to the window', () => {
    session.emit('push', { type: 'model', model: { pods: [] } });
    expect(ours.webContents.send).toHaveBeenCalledWith('podlab:push', { type: 'model', model: { pods: [] } });
  });
});

describe('remembered window size', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podlab-winstate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips, and falls back to defaults for a missing, broken or too small state', () => {
    expect(loadWindowState(dir)).toEqual({ width: 1440, height: 900 });
    saveWindowState(dir, { width: 1200, height: 800, x: 10, y: 20, maximized: true });
    expect(loadWindowState(dir)).toEqual({ width: 1200, height: 800, x: 10, y: 20, maximized: true });
    writeFileSync(join(dir, 'window-state.json'), '{"width": 100, "height": "tall", "x": null}');
    expect(loadWindowState(dir)).toEqual({ width: 1440, height: 900, x: undefined, y: undefined, maximized: false });
    writeFileSync(join(dir, 'window-state.json'), 'not json');
    expect(loadWindowState(dir)).toEqual({ width: 1440, height: 900 });
  });
});
