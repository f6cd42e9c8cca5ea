// Native application menu: its commands are sent to the renderer, which runs them like its own buttons.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export type MenuCommand = 'launch' | 'export-json' | 'export-svg' | 'export-md' | 'open-snapshot' | 'remove-all' | 'toggle-theme';

export function installMenu(win: () => BrowserWindow | null): void {
  const send = (cmd: MenuCommand) => (): void => win()?.webContents.send('podlab:menu', cmd);
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Launch Pod…', accelerator: 'CmdOrCtrl+N', click: send('launch') },
        { type: 'separator' },
        { label: 'Export Snapshot (JSON)…', accelerator: 'CmdOrCtrl+S', click: send('export-json') },
        { label: 'Export Diagram (SVG)…', accelerator: 'CmdOrCtrl+Shift+S', click: send('export-svg') },
        { label: 'Export Report (Markdown)…', click: send('export-md') },
        { label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O', click: send('open-snapshot') },
        { type: 'separator' },
        { label: 'Remove All Pods…', click: send('remove-all') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Toggle Dark Theme', accelerator: 'CmdOrCtrl+Shift+D', click: send('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
