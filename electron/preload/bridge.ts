// The one API the preload exposes to the renderer as window.podlab. Its type is the renderer's PodlabBridge, so the
// two sides cannot drift apart. No Electron import here: the renderer's type check reads this file too.

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, value: unknown) => void): unknown;
  off(channel: string, listener: (event: unknown, value: unknown) => void): unknown;
}

export function createBridge(ipc: IpcLike) {
  const subscribe = (channel: string, cb: (v: unknown) => void): (() => void) => {
    const fn = (_e: unknown, v: unknown): void => cb(v);
    ipc.on(channel, fn);
    return () => void ipc.off(channel, fn);
  };
  return {
    invoke: (method: string, args: unknown[]): Promise<unknown> => ipc.invoke('podlab:invoke', method, args),
    onPush: (cb: (ev: unknown) => void): (() => void) => subscribe('podlab:push', cb),
    onMenu: (cb: (cmd: unknown) => void): (() => void) => subscribe('podlab:menu', cb),
    saveFile: (name: string, content: string, encoding: 'utf8' | 'base64' = 'utf8'): Promise<boolean> =>
      ipc.invoke('podlab:save', name, content, encoding) as Promise<boolean>,
  };
}

/** What window.podlab is. */
export type PodlabBridge = ReturnType<typeof createBridge>;
