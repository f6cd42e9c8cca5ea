// Preload bridge: exposes ONE typed API (window.podlab) to the sandboxed renderer; nothing else of Node or IPC.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

function subscribe(channel: string, cb: (v: unknown) => void): () => void {
  const fn = (_e: IpcRendererEvent, v: unknown): void => cb(v);
  ipcRenderer.on(channel, fn);
  return () => ipcRenderer.off(channel, fn);
}

const bridge = {
  invoke: (method: string, args: unknown[]): Promise<unknown> => ipcRenderer.invoke('podlab:invoke', method, args),
  onPush: (cb: (ev: unknown) => void): (() => void) => subscribe('podlab:push', cb),
  onMenu: (cb: (cmd: unknown) => void): (() => void) => subscribe('podlab:menu', cb),
  saveFile: (name: string, content: string, encoding: 'utf8' | 'base64' = 'utf8'): Promise<boolean> =>
    ipcRenderer.invoke('podlab:save', name, content, encoding) as Promise<boolean>,
};

contextBridge.exposeInMainWorld('podlab', bridge);
