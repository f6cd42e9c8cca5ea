// Electron transport: the preload bridge (window.podlab) carries requests and pushes over IPC.
import type { ClientPush } from '../../../../shared/contract';
import { apiOver } from './proxy';
import type { PodlabBridge, PodlabClient } from './types';

export function ipcClient(bridge: PodlabBridge): PodlabClient {
  return {
    ...apiOver((method, args) => bridge.invoke(method, args)),
    onPush: (cb) => bridge.onPush((ev) => cb(ev as ClientPush)),
    onLink: () => () => undefined,
    saveFile: (name, content, _mime, encoding) => bridge.saveFile(name, content, encoding ?? 'utf8'),
    onMenu: (cb) => bridge.onMenu((cmd) => typeof cmd === 'string' && cb(cmd)),
  };
}
