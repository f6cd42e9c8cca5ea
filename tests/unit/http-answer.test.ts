// The answer to the listing request bin/podlab's launcher sends before Node starts (runtime/docker/early.ts reads it
// with parseHttpAnswer): whole answers as dockerd sends them, and what is not one whole answer refused.
import { describe, expect, it } from 'vitest';
import { parseHttpAnswer } from '../../electron/engine/runtime/docker/http-answer';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('an HTTP answer read to the end of its connection', () => {
  it('takes a chunked body apart as dockerd sends a listing', () => {
    const raw = b('HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nServer: Docker/20.10.24 (linux)\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[{"a"\r\n6;x=y\r\n:1},{}\r\n1\r\n]\r\n0\r\n\r\n');
    const a = parseHttpAnswer(raw);
    expect(a.status).toBe(200);
    expect(a.headers).toMatchObject({ 'api-version': '1.41', server: 'Docker/20.10.24 (linux)', 'transfer-encoding': 'chunked' });
    expect(JSON.parse(a.body.toString())).toEqual([{ a: 1 }, {}]);
  });

  it('reads a Content-Length body, or the rest of the connection without one', () => {
    expect(parseHttpAnswer(b('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]')).body.toString()).toBe('[]');
    expect(parseHttpAnswer(b('HTTP/1.0 500 Internal Server Error\r\n\r\n{"message":"x"}'))).toMatchObject({ status: 500, headers: {} });
    expect(parseHttpAnswer(b('HTTP/1.1 200 OK\r\nX: 1\r\nx: 2\r\n\r\n')).headers).toEqual({ x: '1, 2' });
  });

  it('refuses what is not one whole answer', () => {
    for (const raw of [
      '',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n',
      'SSH-2.0-OpenSSH\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n[]',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[]',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n',
    ]) expect(() => parseHttpAnswer(b(raw)), JSON.stringify(raw)).toThrow(/HTTP answer/);
  });
});
