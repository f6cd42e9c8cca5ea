// One WebSocket client of `podlab serve`: parses its requests, answers them, forwards pushes — with bounds, so a
// client that floods requests or never reads its answers cannot grow the server's memory: it is dropped, with a reason.
import type { WebSocket } from 'ws';
import { clientMessageSchema, type ClientPush, type ServerMessage } from '../../shared/contract';
import type { ClientLink } from '../engine/session';

export interface ClientLimits {
  /** Requests of one client being answered at once; one more drops the client. */
  maxInFlight: number;
  /** Bytes queued for one client that it has not read yet; more drops the client. */
  maxBufferedBytes: number;
  /** After a drop, how long the close frame may take to reach the client before the socket is cut. */
  closeGraceMs: number;
}

export const CLIENT_LIMITS: ClientLimits = { maxInFlight: 64, maxBufferedBytes: 16 * 1024 * 1024, closeGraceMs: 2000 };

/** Who a request comes from (defined by the session both front ends share). */
export type { ClientLink };

/** What a client needs from the engine session (EngineSession implements it). */
export interface ClientSession {
  call(method: unknown, args: unknown, client?: ClientLink): Promise<unknown>;
  current(): ClientPush | null;
  on(event: 'push', fn: (ev: ClientPush) => void): unknown;
  off(event: 'push', fn: (ev: ClientPush) => void): unknown;
  dropClient?(id: string): void;
}

/** Per-client requests answered beside the session (terminals: their output goes to this client alone, ends with it). */
export interface ClientRouter {
  handles(method: unknown): boolean;
  call(method: unknown, args: unknown): Promise<unknown>;
  closeAll(): void;
}

let nextClient = 1;

export function attachClient(
  ws: WebSocket,
  session: ClientSession,
  limits: ClientLimits = CLIENT_LIMITS,
  log: (line: string) => void = () => undefined,
  router?: (push: (ev: ClientPush) => void) => ClientRouter,
): void {
  const id = `ws-${nextClient++}`;
  let inFlight = 0;
  let dropped = false;
  const drop = (why: string): void => {
    if (dropped) return;
    dropped = true;
    log(`podlab serve: dropped client ${id}: ${why}`);
    ws.close(1008, why.slice(0, 120)); // a close reason has at most 123 bytes
    // The close frame queues behind what the client has not read: cut the socket if it does not read it soon.
    setTimeout(() => ws.terminate(), limits.closeGraceMs).unref();
  };
  const send = (m: ServerMessage): void => {
    if (dropped || ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(m);
    if (ws.bufferedAmount + text.length > limits.maxBufferedBytes) {
      return drop(`it does not read its messages (over ${limits.maxBufferedBytes >> 20} MiB waiting); reload the page`);
    }
    ws.send(text);
  };
  const link: ClientLink = { id, push: (event) => send({ kind: 'push', event }) };
  session.on('push', link.push);
  const own = router?.(link.push);
  ws.on('close', () => {
    session.off('push', link.push);
    session.dropClient?.(id);
    own?.closeAll();
  });
  ws.on('error', () => ws.terminate()); // a bad frame from one client must not take the server down
  const first = session.current();
  if (first) link.push(first);
  ws.on('message', (data) => {
    if (dropped) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return ws.close(1003, 'not JSON');
    }
    const msg = clientMessageSchema.safeParse(parsed);
    if (!msg.success) return ws.close(1008, 'not a podlab request');
    if (inFlight >= limits.maxInFlight) return drop(`more than ${limits.maxInFlight} requests at once; wait for answers before sending more`);
    const { id: reqId, method, args } = msg.data;
    inFlight += 1;
    (own?.handles(method) ? own.call(method, args) : session.call(method, args, link)).then(
      (result) => send({ kind: 'response', id: reqId, ok: true, result: result ?? null }),
      (err: unknown) => send({ kind: 'response', id: reqId, ok: false, error: errorText(err) }),
    ).finally(() => {
      inFlight -= 1;
    });
  });
}

/** An error's message for the page; never an empty or ": "-prefixed one. */
export function errorText(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).replace(/^[\s:]+/, '').trim();
  return text || 'podlab could not do this (no reason given); see the terminal running `podlab serve`.';
}
