// The client side of the kubelet's remotecommand protocol, spoken over WebSocket to the URL that CRI Exec and Attach
// return (the runtime's streaming server: containerd's pkg/cri/streaming). Subprotocol v4.channel.k8s.io: each binary
// message starts with its channel byte — 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status JSON with the exit
// code), 4 resize ({"Width","Height"}). v4 has no way to close stdin alone (v5's close frame; containerd 1.6 offers no
// v5), so stdin that must reach its EOF without a TTY goes over SPDY instead (./spdy.ts).
import { PassThrough, type Writable } from 'node:stream';
import WebSocket from 'ws';

export const REMOTECOMMAND_V4 = 'v4.channel.k8s.io';
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const HANDSHAKE_MS = 10_000;

/** One stream on the streaming server: stdout/stderr end when the server closes it; `status` is its error channel. */
export interface RemoteStream {
  stdout: PassThrough;
  stderr: PassThrough;
  /** Keystrokes or bytes for the process; over WebSocket end() only stops sending (v4 cannot close it), over SPDY it is EOF. */
  stdin: Writable | null;
  resize(cols: number, rows: number): void;
  /**
   * Resolves when the server closed the stream: the exit code its status carried (exec), or null when it sent none
   * (an attach reports no exit code; the container's status has it). Rejects when the command could not run.
   */
  status: Promise<number | null>;
  close(): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The exit code a v4 status carries: Success → 0; Failure NonZeroExitCode → its ExitCode cause (a StatusCause's type
 * is serialised as "reason"). Any other failure is the runtime's refusal and throws its message.
 */
export function exitCodeOfStatus(json: string): number {
  let s: unknown;
  try {
    s = JSON.parse(json);
  } catch {
    throw new Error(`the runtime's streaming server sent an unreadable status: ${json.slice(0, 200)}`);
  }
  if (!isRecord(s)) throw new Error(`the runtime's streaming server sent an unreadable status: ${json.slice(0, 200)}`);
  if (s.status === 'Success') return 0;
  const causes = isRecord(s.details) && Array.isArray(s.details.causes) ? s.details.causes : [];
  if (s.reason === 'NonZeroExitCode') {
    for (const c of causes) {
      if (isRecord(c) && (c.reason === 'ExitCode' || c.type === 'ExitCode') && /^\d+$/.test(String(c.message))) return Number(c.message);
    }
  }
  throw new Error(`the runtime could not run the command: ${typeof s.message === 'string' && s.message ? s.message : json.slice(0, 200)}`);
}

/**
 * The stream's `status` (see RemoteStream): once the server closed the stream, the outputs end and the error channel's
 * collected JSON gives the exit code (null when none came).
 */
export function statusOnClose(onClose: (fn: () => void) => void, outputs: PassThrough[], json: () => string | null): Promise<number | null> {
  const status = new Promise<number | null>((resolve, reject) => {
    onClose(() => {
      for (const o of outputs) o.end();
      const text = json();
      if (text === null) resolve(null);
      else {
        try {
          resolve(exitCodeOfStatus(text));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  });
  status.catch(() => undefined); // read by the caller; an unread refusal is not an unhandled one
  return status;
}

/** Bytes as one message on a channel. */
function frame(channel: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

function asBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Bytes of stdin handed to the socket but not yet written out, beyond which input waits (a large piped stdin). */
const STDIN_IN_FLIGHT = 1024 * 1024;

/** A writable whose bytes go out on the stdin channel; a writer faster than the socket is paused, not buffered. */
function stdinOf(ws: WebSocket): Writable {
  const sink = new PassThrough();
  let inFlight = 0;
  sink.on('data', (d: Buffer) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    inFlight += d.length;
    ws.send(frame(STDIN, d), () => {
      inFlight -= d.length;
      if (inFlight < STDIN_IN_FLIGHT && sink.isPaused()) sink.resume();
    });
    if (inFlight >= STDIN_IN_FLIGHT) sink.pause();
  });
  return sink;
}

/** Connects to a streaming URL (http://host:port/exec/<token>, valid once); resolves once the server accepted it. */
export function openRemoteStream(url: string, opts: { stdin: boolean; tty: boolean }): Promise<RemoteStream> {
  const wsUrl = url.replace(/^http/, 'ws');
  const ws = new WebSocket(wsUrl, [REMOTECOMMAND_V4], { perMessageDeflate: false, handshakeTimeout: HANDSHAKE_MS });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let statusJson: string | null = null;
  // A failure before the open rejects below; one after it ends the stream, which `status` reports.
  ws.on('error', () => undefined);
  // Output the caller does not read pauses the socket (and so the server's writes) until it drains.
  const deliver = (to: PassThrough, data: Buffer): void => {
    if (to.write(data) || ws.isPaused) return;
    ws.pause();
    to.once('drain', () => ws.resume());
  };
  ws.on('message', (raw) => {
    const data = asBuffer(raw);
    // An empty message on the lowest channel only announces that the streams are set up.
    if (data.length <= 1) return;
    const body = data.subarray(1);
    if (data[0] === STDOUT) deliver(stdout, body);
    else if (data[0] === STDERR) deliver(stderr, body);
    else if (data[0] === ERROR) statusJson = (statusJson ?? '') + body.toString('utf8');
  });
  const status = statusOnClose((fn) => ws.on('close', fn), [stdout, stderr], () => statusJson);
  return new Promise<RemoteStream>((resolve, reject) => {
    const where = new URL(wsUrl).host;
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`the runtime's streaming server at ${where} refused the stream (HTTP ${res.statusCode ?? '?'}): its URL is valid once and for a short while — run the command again`));
      ws.terminate();
    });
    ws.once('error', (err) => {
      // With enable_tls_streaming the server presents the runtime's own self-signed certificate: nothing podlab can verify.
      const tls = url.startsWith('https:') ? ' The runtime streams over TLS (enable_tls_streaming) with a certificate podlab cannot verify: turn it off and keep stream_server_address on 127.0.0.1.' : '';
      reject(new Error(`cannot reach the runtime's streaming server at ${where} (${err.message}): check its stream_server_address/port in the runtime's CRI config and that podlab runs on the node.${tls}`));
    });
    ws.once('open', () => {
      resolve({
        stdout,
        stderr,
        stdin: opts.stdin ? stdinOf(ws) : null,
        resize: (cols, rows) => {
          if (opts.tty && cols > 0 && rows > 0 && ws.readyState === WebSocket.OPEN) ws.send(frame(RESIZE, Buffer.from(JSON.stringify({ Width: cols, Height: rows }))));
        },
        status,
        close: () => {
          if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
        },
      });
    });
  });
}
