// Raw wire helpers for hardening tests of `podlab serve`: send bytes exactly as given (no client library fixing them
// up), read the status line, and speak just enough WebSocket framing to be a client that never reads.
import { connect, type Socket } from 'node:net';

/** Sends `raw` to 127.0.0.1:port; resolves to what came back within `ms` (or when the server closed). */
export function rawExchange(port: number, raw: string | Buffer, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    const done = (): void => {
      clearTimeout(t);
      sock.destroy();
      resolve(got);
    };
    const t = setTimeout(done, ms);
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
    sock.on('error', done);
    sock.on('close', done);
    sock.on('connect', () => sock.write(raw));
  });
}

/** The status code of the first response line, or null when there is none. */
export function statusOf(response: string): number | null {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return m ? Number(m[1]) : null;
}

/** A masked client text frame (RFC 6455 §5.2): what a browser sends. */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : len < 65536 ? Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255]) : null;
  if (!head) throw new Error('test frames stay under 64 KiB');
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, body]);
}

/** Opens a WebSocket by hand on a paused socket: the server sees a client that sends but does not read. */
export function openRawWebSocket(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const t = setTimeout(() => reject(new Error('no WebSocket handshake answer in 5 s')), 5000);
    let got = '';
    const onData = (d: Buffer): void => {
      got += d.toString('latin1');
      if (!got.includes('\r\n\r\n')) return;
      clearTimeout(t);
      sock.off('data', onData);
      if (statusOf(got) !== 101) return reject(new Error(`handshake refused: ${got.split('\r\n')[0]}`));
      sock.pause();
      resolve(sock);
    };
    sock.on('data', onData);
    sock.on('error', reject);
    sock.on('connect', () =>
      sock.write(
        `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      ),
    );
  });
}

/** Resident memory of a process in MiB (Linux /proc). */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** A small deterministic generator, so a failing fuzz case can be replayed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
