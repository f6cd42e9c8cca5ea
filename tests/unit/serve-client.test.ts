// Per-client bounds of `podlab serve` (electron/serve/client.ts) over a real WebSocket: too many requests at once
// or too much unread output drops that client with a reason; a client going away stops its own log follows.
import { createServer, type Server } from 'node:http';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { attachClient, errorText, type ClientLimits, type ClientLink } from '../../electron/serve/client';

/** A session double: calls answer with `answer` (or never); records which clients were dropped. */
class FakeSession extends EventEmitter {
  dropped: string[] = [];
  links: ClientLink[] = [];
  constructor(private readonly answer: (() => Promise<unknown>) | null) {
    super();
  }
  call(_m: unknown, _a: unknown, client?: ClientLink): Promise<unknown> {
    if (client) this.links.push(client);
    return this.answer ? this.answer() : new Promise(() => undefined);
  }
  current(): null {
    return null;
  }
  dropClient(id: string): void {
    this.dropped.push(id);
  }
}

let http: Server | null = null;
afterEach(async () => {
  await new Promise<void>((ok) => (http ? http.close(() => ok()) : ok()));
  http = null;
});

async function serve(session: FakeSession, limits: ClientLimits): Promise<string> {
  http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => attachClient(ws, session, limits));
  await new Promise<void>((ok) => http!.listen(0, '127.0.0.1', () => ok()));
  const addr = http.address();
  return `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
}

const request = (id: number): string => JSON.stringify({ kind: 'request', id, method: 'getModel', args: [] });

describe('serve client bounds', () => {
  it('one request over the in-flight limit drops the client with a reason, and the session forgets it', async () => {
    const session = new FakeSession(null);
    const ws = new WebSocket(await serve(session, { maxInFlight: 4, maxBufferedBytes: 1 << 20, closeGraceMs: 500 }));
    await new Promise((r) => ws.on('open', r));
    for (let i = 0; i < 5; i++) ws.send(request(i));
    const closed = await closeOf(ws);
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/more than 4 requests at once/);
    await new Promise((r) => setTimeout(r, 50));
    expect(session.links.length).toBe(4);
    expect(session.dropped).toEqual([session.links[0].id]);
  });

  it('answers within the limits normally', async () => {
    const session = new FakeSession(async () => ({ fine: true }));
    const ws = new WebSocket(await serve(session, { maxInFlight: 2, maxBufferedBytes: 1 << 20, closeGraceMs: 500 }));
    await new Promise((r) => ws.on('open', r));
    const answers: unknown[] = [];
    ws.on('message', (d) => answers.push(JSON.parse(String(d))));
    for (let i = 0; i < 20; i++) {
      ws.send(request(i));
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(answers.length).toBe(20);
    ws.close();
  });

  it('error texts never start with ": " and are never empty', () => {
    expect(errorText(new Error(': the manifest is empty'))).toBe('the manifest is empty');
    expect(errorText(new Error(''))).toMatch(/no reason given/);
  });
});
