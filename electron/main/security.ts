// Locks the window down: strict CSP, no navigation, no new windows (http(s) links go to the system browser),
// no permission grants, and no request leaves the app's own files (no remote content).
import { shell, type BrowserWindow, type Session } from 'electron';

import { CSP } from '../../shared/csp';

export { CSP };

/** Only the app's own bundle (file://, or the dev server in `npm run dev`) may load. */
export function isAppUrl(url: string, devServer: string | undefined): boolean {
  if (devServer && url.startsWith(devServer)) return true;
  return url.startsWith('file://') || url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:');
}

export function lockSession(ses: Session, devServer: string | undefined): void {
  ses.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !isAppUrl(details.url, devServer) && !(devServer && details.url.startsWith('ws://localhost')) }));
  ses.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }));
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
}

export function lockWindow(win: BrowserWindow, devServer: string | undefined): void {
  win.webContents.on('will-navigate', (e, url) => {
    if (!devServer || !url.startsWith(devServer)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
