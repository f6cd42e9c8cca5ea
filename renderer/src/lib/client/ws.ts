// WebSocket transport for `podlab serve`: sends requests with ids, resolves responses, reconnects with back-off,
// and gives up (link state 'stale-token') when the server answers but no longer knows this page's token.
import type { ClientPush, ServerMessage } from '../../../../shared/contract';
import { apiOver } from './proxy';
import type { LinkState, PodlabClient } from './types';

export function wsClient(token: string): PodlabClient {
  const pushSubs = new Set<(ev: ClientPush) => void>();
  const linkSubs = new Set<(s: LinkState) => void>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let delay = 250;
  let stale = false;

  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  function connect(): Promise<WebSocket> {
    opened ??= new Promise<WebSocket>((resolve) => {
      const sock = new WebSocket(url);
      sock.onopen = () => {
        ws = sock;
        delay = 250;
        linkSubs.forEach((f) => f('open'));
        resolve(sock);
      };
      sock.onmessage = (e: MessageEvent<string>) => {
        const msg = JSON.parse(e.data) as ServerMessage;
        if (msg.kind === 'push') pushSubs.forEach((f) => f(msg.event));
        else {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          if (msg.ok) p?.resolve(msg.result);
          else p?.reject(new Error(msg.error));
        }
      };
      sock.onclose = () => {
        ws = null;
        opened = null;
        linkSubs.forEach((f) => f('reconnecting'));
        for (const p of pending.values()) p.reject(new Error('The connection to podlab serve was lost; it reconnects by itself.'));
        pending.clear();
        // A restarted `podlab serve` has a new token: retrying with ours can never work, so say so and stop.
        void tokenRefused(token).then((refused) => {
          if (refused) {
            stale = true;
            linkSubs.forEach((f) => f('stale-token'));
            return;
          }
          setTimeout(() => void connect().then(resolve), delay);
          delay = Math.min(delay * 2, 4000);
        });
      };
    });
    return opened;
  }
  void connect();

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    if (stale) throw new Error('This page\'s token is no longer valid: open the new URL printed by `podlab serve`.');
    const sock = ws ?? (await connect());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      sock.send(JSON.stringify({ kind: 'request', id, method, args }));
    });
  };

  return {
    ...apiOver(call),
    onPush(cb) {
      pushSubs.add(cb);
      return () => pushSubs.delete(cb);
    },
    onLink(cb) {
      linkSubs.add(cb);
      return () => linkSubs.delete(cb);
    },
    onMenu: () => () => undefined,
    async saveFile(name, content, mime, encoding) {
      const a = document.createElement('a');
      const data = encoding === 'base64' ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : content;
      a.href = URL.createObjectURL(new Blob([data], { type: mime }));
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      return true;
    },
  };
}

/** True when the server answers but refuses our token (it was restarted with a new one); false when it is unreachable. */
async function tokenRefused(token: string): Promise<boolean> {
  try {
    const r = await fetch(`/?token=${encodeURIComponent(token)}`, { method: 'HEAD', cache: 'no-store', credentials: 'omit' });
    return r.status === 401 || r.status === 403;
  } catch {
    return false; // not answering (yet): keep retrying
  }
}
