// Electron main process: one locked-down window, native menus, single instance, remembered size, and the engine
// session (the same one `podlab serve` uses) wired to the window over validated IPC.
import { app, BrowserWindow, dialog, session as electronSession } from 'electron';
import { join } from 'node:path';
import { takeRuntimeEndpoint } from '../engine/runtime-endpoint';
import { EngineSession } from '../engine/session';
import { ConfigError, loadConfig, type PodlabConfig } from '../engine/config';
import { installIpc } from './ipc';
import { installMenu } from './menu';
import { isAppUrl, lockSession, lockWindow } from './security';
import { loadWindowState, saveWindowState } from './window-state';

const devServer = process.env.ELECTRON_RENDERER_URL;
// `podlab-app --runtime-endpoint unix:///run/containerd/containerd.sock`: a CRI runtime, as for the CLI (crictl's flag).
try {
  const { endpoint } = takeRuntimeEndpoint(process.argv.slice(1));
  if (endpoint) process.env.CONTAINER_RUNTIME_ENDPOINT = endpoint;
} catch (err) {
  process.stderr.write(`podlab: ${err instanceof Error ? err.message : String(err)}\n`);
}
let win: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.enableSandbox();
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
}

function start(): void {
  // The app is an entry point: its environment is checked once and the configuration handed to its engine session.
  let config: PodlabConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    dialog.showErrorBox('podlab cannot start', err.message);
    app.quit();
    return;
  }
  lockSession(electronSession.defaultSession, devServer);
  const engine = new EngineSession(process.env, config);
  installIpc(engine, () => win, (url) => isAppUrl(url, devServer));
  installMenu(() => win);
  app.on('before-quit', () => void engine.close());
  engine.start();
  createWindow(engine);
}

function createWindow(engine: EngineSession): void {
  const dir = app.getPath('userData');
  const state = loadWindowState(dir);
  win = new BrowserWindow({
    width: state.width,
    height: state.height,
    x: state.x,
    y: state.y,
    minWidth: 800,
    minHeight: 560,
    title: 'podlab',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockWindow(win, devServer);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  win.webContents.on('did-finish-load', () => {
    const first = engine.current();
    if (first) win?.webContents.send('podlab:push', first);
  });
  win.on('close', () => {
    if (!win) return;
    const b = win.getNormalBounds();
    saveWindowState(dir, { width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() });
  });
  win.on('closed', () => (win = null));
  if (devServer) void win.loadURL(devServer);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}
