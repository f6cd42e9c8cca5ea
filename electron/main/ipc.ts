// IPC between the window and the engine: every request is validated by shared/contract.ts (inside
// EngineSession.call) and only accepted from our own window; pushes and menu commands go the other way.
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import type { ClientPush } from '../../shared/contract';
import type { EngineSession } from '../engine/session';
import { TerminalHub } from '../engine/terminals';
import { isTerminalMethod } from '../../shared/terminal-contract';

const saveArgs = z.tuple([z.string().min(1).max(255), z.string().max(64 * 1024 * 1024), z.enum(['utf8', 'base64']).optional()]);

export function installIpc(session: EngineSession, win: () => BrowserWindow | null, isOurs: (url: string) => boolean): void {
  const check = (e: IpcMainInvokeEvent): void => {
    const w = win();
    if (!w || e.sender !== w.webContents || !isOurs(e.senderFrame?.url ?? '')) throw new Error('podlab: IPC from an unknown frame refused');
  };
  // The window is one client: its log follows are its own, and its lines go to it alone.
  const windowLink = {
    id: 'window',
    push: (ev: ClientPush): void => {
      const w = win();
      if (w && !w.isDestroyed()) w.webContents.send('podlab:push', ev);
    },
  };
  // The window's terminals: output to this window only; they end when its page goes (reload or close).
  const watched = new WeakSet<object>();
  const terminals = new TerminalHub(() => session.connection(), windowLink.push, true);
  ipcMain.handle('podlab:invoke', async (e, method: unknown, args: unknown) => {
    check(e);
    if (!isTerminalMethod(method)) return session.call(method, args, windowLink);
    if (!watched.has(e.sender)) {
      watched.add(e.sender);
      e.sender.once('destroyed', () => terminals.closeAll());
      e.sender.on('did-navigate', () => terminals.closeAll());
    }
    return terminals.call(method, args);
  });
  ipcMain.handle('podlab:save', async (e, ...raw: unknown[]) => {
    check(e);
    const [name, content, encoding] = saveArgs.parse(raw);
    const w = win();
    const ext = name.split('.').pop() ?? '';
    const opts = { defaultPath: basename(name), filters: [{ name: ext.toUpperCase(), extensions: [ext] }] };
    const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
    if (r.canceled || !r.filePath) return false;
    await writeFile(r.filePath, encoding === 'base64' ? Buffer.from(content, 'base64') : content);
    return true;
  });
  session.on('push', windowLink.push);
}
