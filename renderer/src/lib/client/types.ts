// The one client interface the renderer talks to; it never learns whether IPC or a WebSocket carries it.
import type { PodlabApi } from '../../../../shared/api';
import type { ClientPush } from '../../../../shared/contract';
import type { TerminalApi } from '../../../../shared/terminal';
import type { RuntimeConnectApi } from '../../../../shared/runtime-connect';

/** 'stale-token': the server was restarted and refuses this page's token; retrying cannot help. */
export type LinkState = 'open' | 'reconnecting' | 'stale-token';

export interface PodlabClient extends PodlabApi, TerminalApi, RuntimeConnectApi {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onPush(cb: (ev: ClientPush) => void): () => void;
  /** The state of the link to the engine side itself (the window's IPC is always open). */
  onLink(cb: (state: LinkState) => void): () => void;
  /** Saves an export: a native save dialog in the desktop app, a download in the browser. Resolves false if cancelled. */
  saveFile(suggestedName: string, content: string, mime: string, encoding?: 'utf8' | 'base64'): Promise<boolean>;
  /** Commands from the native menu (desktop app only; the browser has none). */
  onMenu(cb: (cmd: string) => void): () => void;
}

/** What the preload script exposes as window.podlab: its type comes from the preload itself. */
export type { PodlabBridge } from '../../../../electron/preload/bridge';
