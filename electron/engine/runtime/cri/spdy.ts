// The remotecommand protocol over SPDY/3.1, as kubectl and crictl speak it, used only for `exec -i` without a TTY: unlike
// v4 over WebSocket, SPDY closes one stream alone, so ending the stdin stream (FIN) gives the process its EOF. An
// HTTP/1.1 upgrade to the streaming URL, then one SPDY stream per channel, named by its `streamType` header; the error
// stream carries the same v4 Status JSON as on WebSocket. The framing is spdy-transport's; the server is moby/spdystream
// (containerd's streaming server), whose quirks are met here: see the comments in openSpdyExec.
import { request } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { REMOTECOMMAND_V4, statusOnClose, type RemoteStream } from './streaming';

const HANDSHAKE_MS = 10_000;

/** A window of spdy-transport's flow control (one side of it). */
interface WindowSide {
  on(event: 'drain', fn: () => void): void;
  update(size: number): void;
  getMax(): number;
  getCurrent(): number;
}

/** The parts of spdy-transport's client stream used here (a Duplex plus its SPDY state). */
interface SpdyStream extends Duplex {
  _spdyState: { window: { send: WindowSide } };
}

/** The parts of spdy-transport's connection used here (the module ships no types). */
interface SpdyConnection {
  start(version: number): void;
  request(uri: { method: string; path: string; headers: Record<string, string> }): SpdyStream;
  on(event: 'close' | 'error', fn: (err?: Error) => void): void;
  _spdyState: { parser: { prependListener(event: 'data', fn: (frame: unknown) => void): void } };
}

interface SpdyTransport {
  connection: { create(socket: Socket, opts: { protocol: 'spdy'; isServer: false; windowSize: number }): SpdyConnection };
}

const load = createRequire(import.meta.url);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Upgrades an HTTP/1.1 request on the streaming URL to SPDY/3.1 with remotecommand v4; resolves with its socket. */
function upgrade(url: string): Promise<Socket> {
  const where = new URL(url).host;
  return new Promise<Socket>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      timeout: HANDSHAKE_MS,
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': REMOTECOMMAND_V4 },
    });
    req.once('upgrade', (res, socket, head) => {
      if (res.headers['x-stream-protocol-version'] !== REMOTECOMMAND_V4) {
        socket.destroy();
        reject(new Error(`the runtime's streaming server at ${where} did not agree on ${REMOTECOMMAND_V4} over SPDY (it offered "${String(res.headers['x-stream-protocol-version'] ?? '')}"); use exec -it, or put the input in the command`));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('response', (res) => {
      res.resume();
      reject(new Error(`the runtime's streaming server at ${where} refused the stream (HTTP ${res.statusCode ?? '?'}): its URL is valid once and for a short while — run the command again`));
    });
    req.once('timeout', () => req.destroy(new Error('no answer in time')));
    req.once('error', (err) => {
      reject(new Error(`cannot reach the runtime's streaming server at ${where} (${err.message}): check its stream_server_address/port in the runtime's CRI config and that podlab runs on the node.`));
    });
    req.end();
  });
}

/**
 * spdystream never sends WINDOW_UPDATE (it ignores flow control; TCP holds a fast writer back), so a sender that waits
 * for one stalls after its first 64 KiB: refill this stream's send window whenever it runs low.
 */
function ignoreSendWindow(stream: SpdyStream): void {
  const send = stream._spdyState.window.send;
  send.on('drain', () => send.update(send.getMax() - send.getCurrent()));
}

/** Connects for `exec -i` without a TTY (stdin, stdout, stderr); resolves once the server accepted every stream. */
export async function openSpdyExec(url: string): Promise<RemoteStream> {
  const socket = await upgrade(url);
  const transport = load('spdy-transport') as SpdyTransport;
  // The server sends no WINDOW_UPDATE either way: a receive window as large as SPDY allows never fills up.
  const conn = transport.connection.create(socket, { protocol: 'spdy', isServer: false, windowSize: 0x7fffffff });
  // spdystream replies to a new stream with no headers; spdy-transport wants a :status and would reset the stream.
  conn._spdyState.parser.prependListener('data', (frame) => {
    if (isRecord(frame) && frame.type === 'HEADERS' && isRecord(frame.headers) && frame.headers[':status'] === undefined) frame.headers[':status'] = '200';
  });
  conn.on('error', () => undefined); // a broken connection closes it, which `status` reports
  conn.start(3);
  const open = (streamType: string): SpdyStream => {
    const s = conn.request({ method: 'POST', path: '/', headers: { streamtype: streamType } });
    s.on('error', () => undefined);
    return s;
  };
  // The order kubectl uses: the server waits for all four before it runs the command.
  const streams = { error: open('error'), stdin: open('stdin'), stdout: open('stdout'), stderr: open('stderr') };
  ignoreSendWindow(streams.stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  // Output the caller does not read pauses the socket (and so the server's writes) until it drains.
  const deliver = (from: Readable, to: PassThrough): void => {
    from.on('data', (d: Buffer) => {
      if (to.write(d) || socket.isPaused()) return;
      socket.pause();
      to.once('drain', () => socket.resume());
    });
  };
  deliver(streams.stdout, stdout);
  deliver(streams.stderr, stderr);
  let statusJson: string | null = null;
  streams.error.on('data', (d: Buffer) => (statusJson = (statusJson ?? '') + d.toString('utf8')));
  const status = statusOnClose((fn) => conn.on('close', fn), [stdout, stderr], () => statusJson);
  // spdystream drops data on a stream it has not replied to yet: stdin flows only after every reply.
  const replied = (s: SpdyStream): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      s.once('response', () => resolve());
      s.once('close', () => reject(new Error("the runtime's streaming server closed the exec before it started; run the command again")));
    });
  const timer = setTimeout(() => socket.destroy(), HANDSHAKE_MS);
  try {
    await Promise.all(Object.values(streams).map(replied));
  } finally {
    clearTimeout(timer);
  }
  const stdin = new PassThrough();
  // pipe: a writer faster than the socket waits; the end of the input closes the stdin stream alone (the EOF).
  stdin.pipe(streams.stdin);
  return {
    stdout,
    stderr,
    stdin,
    resize: () => undefined, // no TTY, nothing to size
    status,
    close: () => socket.destroy(),
  };
}
