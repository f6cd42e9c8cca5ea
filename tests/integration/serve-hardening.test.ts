// A real `bin/podlab serve` against hostile clients: malformed request lines and headers (a seeded fuzz), junk
// WebSocket messages, and a client that floods requests without reading. Each answer is a 4xx or a close with a
// reason; the server stays up and its memory stays bounded. Reads the engine only (no containers are created).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServe, type Served } from '../e2e/serve-fixture';
import { ensureCliBuilt } from './helpers';
import { openRawWebSocket, prng, rawExchange, rssMiB, statusOf, textFrame } from './serve-wire';

let served: Served;

beforeAll(async () => {
  ensureCliBuilt();
  served = await startServe();
});
afterAll(async () => {
  await served?.stop();
});

async function stillServing(): Promise<void> {
  expect(served.proc.exitCode, 'podlab serve exited').toBeNull();
  const page = await rawExchange(served.port, `GET /?token=${served.token} HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\nConnection: close\r\n\r\n`);
  expect(statusOf(page)).toBe(200);
}

const TARGETS = ['//[', '/ws', '/%', '/%zz', '/%E0%A4%A', 'http://[::1', '*', '/../../etc/passwd', '/ws?token=%ff', '//', '/\u00ff', '?', '#x', ''];
const JUNK = ['[', ']', '%', '/', '\\', '?', '&', '=', '#', ':', '@', ' ', '\t', '\u0000', '\u007f', '\u00e9', 'a', '.', '~'];

/** One request built from hostile pieces; `upgrade` adds the WebSocket headers. */
function fuzzRequest(rand: () => number, upgrade: boolean, port: number): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  let target = pick(TARGETS);
  for (let i = Math.floor(rand() * 6); i > 0; i--) target += pick(JUNK);
  const hosts = [`127.0.0.1:${port}`, 'x', '', `[::1]:${port}`, '127.0.0.1:' + '9'.repeat(30)];
  const lines = [`${pick(['GET', 'POST', 'HEAD', 'G\u0000T', 'CONNECT', 'OPTIONS'])} ${target} ${pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1 extra'])}`];
  if (rand() < 0.9) lines.push(`Host: ${pick(hosts)}`);
  if (rand() < 0.2) lines.push(`Host: ${pick(hosts)}`);
  if (upgrade) lines.push('Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
  if (rand() < 0.3) lines.push(`Origin: ${pick(['http://evil.example', `http://127.0.0.1:${port}`, '', 'null', '\u00ff'])}`);
  if (rand() < 0.2) lines.push(pick(['no-colon-here', ': empty name', 'X-Long: ' + 'a'.repeat(20_000), 'Cookie: podlab_token=' + pick(JUNK), 'Content-Length: -1']));
  return lines.join('\r\n') + '\r\n\r\n';
}

describe('podlab serve: malformed HTTP', () => {
  it('the issue\'s one-line crash (`GET //[` upgrade) gets a 4xx and the server stays up', async () => {
    for (const host of ['x', `127.0.0.1:${served.port}`]) {
      const r = await rawExchange(served.port, `GET //[ HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
      expect(statusOf(r), r).toBeGreaterThanOrEqual(400);
      expect(statusOf(r), r).toBeLessThan(500);
      await stillServing();
    }
  });

  it('a seeded fuzz of request lines and headers: every answer is a 4xx, the server keeps serving', async () => {
    const rand = prng(15);
    const answers = new Map<number | null, number>();
    for (let i = 0; i < 240; i++) {
      const req = fuzzRequest(rand, i % 2 === 0, served.port);
      const status = statusOf(await rawExchange(served.port, req, 1500));
      answers.set(status, (answers.get(status) ?? 0) + 1);
      expect(status !== null && status >= 400 && status < 500, `case ${i}: ${JSON.stringify(req)} -> ${status}`).toBe(true);
    }
    await stillServing();
    expect(answers.size).toBeGreaterThan(2); // the fuzz reached several distinct checks, not one refusal
  });
});

describe('podlab serve: hostile WebSocket clients', () => {
  const wsUrl = (): string => `ws://127.0.0.1:${served.port}/ws?token=${served.token}`;

  it('junk messages close that client with a reason; other clients and the server carry on', async () => {
    const junk = ['not json', '{}', '[]', 'null', '{"kind":"request","id":-1,"method":"getModel","args":[]}', JSON.stringify({ kind: 'request', id: 1, method: 'x'.repeat(65), args: [] }), '{"kind":"request","id":1,"method":"launch","args":[{"manifest":5}]}'];
    for (const text of junk) {
      const ws = new WebSocket(wsUrl(), { origin: served.origin });
      const outcome = await new Promise<string>((resolve) => {
        const t = setTimeout(() => resolve('nothing'), 5000);
        ws.on('open', () => ws.send(text));
        ws.on('message', (d: Buffer) => {
          const m = JSON.parse(String(d)) as { kind: string; ok?: boolean; error?: string };
          if (m.kind === 'response') {
            clearTimeout(t);
            resolve(m.ok ? 'ok' : `error: ${m.error ?? ''}`);
          }
        });
        ws.on('close', (code, reason) => {
          clearTimeout(t);
          resolve(`closed ${code} ${String(reason)}`);
        });
      });
      ws.terminate();
      expect(outcome, text).toMatch(/^(closed 100[38] \S|error: \S)/);
    }
    await stillServing();
  });

  it('a client that sends 10k requests and never reads is dropped with a reason; memory stays bounded', async () => {
    const before = await rssMiB(served.proc.pid ?? 0);
    const sock = await openRawWebSocket(served.port, served.token);
    try {
      const frame = textFrame(JSON.stringify({ kind: 'request', id: 1, method: 'listTemplates', args: [] }));
      for (let i = 0; i < 10_000; i++) sock.write(frame);
      // Now read: what was queued for us, then the close frame with the reason.
      const received = await new Promise<string>((resolve) => {
        let got = Buffer.alloc(0);
        const t = setTimeout(() => resolve(got.toString('latin1')), 20_000);
        sock.on('data', (d: Buffer) => {
          got = Buffer.concat([got, d]).subarray(-4096);
        });
        sock.on('close', () => {
          clearTimeout(t);
          resolve(got.toString('latin1'));
        });
        sock.resume();
      });
      expect(received).toMatch(/does not read its messages|requests at once/);
    } finally {
      sock.destroy();
    }
    const after = await rssMiB(served.proc.pid ?? 0);
    expect(after - before, `serve RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MiB`).toBeLessThan(120);
    await stillServing();
  });
});
