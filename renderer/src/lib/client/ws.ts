// WebSocket transport for `podlab serve`: sends requests with ids, resolves responses, reconnects with back-off.
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
        setTimeout(() => void connect().then(resolve), delay);
        delay = Math.min(delay * 2, 4000);
      };
    });
    return opened;
  }
  void connect();

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
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
