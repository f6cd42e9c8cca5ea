// One attached process in a container — an exec or a debug container — with its streams, TTY size and exit code.
// The CLI pipes it to the terminal; `serve` and the app turn it into terminal frames.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';

export interface AttachedSession {
  /** With a TTY everything arrives here; without one, the process's stdout. */
  stdout: Readable;
  /** The process's stderr (empty with a TTY: the TTY merges both). */
  stderr: Readable;
  /** The process's stdin, or null when it was not attached (-i not given). */
  stdin: Writable | null;
  tty: boolean;
  /** Forwards a window-size change to the TTY (no-op without one). */
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves to the process's exit code once it ended. */
  exit: Promise<number>;
  /** Detaches: closes the connection (a shell with a TTY then gets SIGHUP and ends). */
  close(): void;
}

/**
 * Splits a hijacked (or attach) connection into stdout/stderr: raw with a TTY, Docker's 8-byte-header frames without.
 * The returned streams end when the connection does.
 */
export function splitStreams(docker: Docker, conn: NodeJS.ReadableStream, tty: boolean): { stdout: PassThrough; stderr: PassThrough; ended: Promise<void> } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) conn.pipe(stdout);
  else docker.modem.demuxStream(conn, stdout, stderr);
  const ended = new Promise<void>((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (!tty) stdout.end();
      stderr.end();
      resolve();
    };
    conn.on('end', finish);
    conn.on('close', finish);
    conn.on('error', finish);
  });
  return { stdout, stderr, ended };
}

/** A writable that forwards to the connection; end() half-closes it so the process sees EOF on its stdin. */
export function stdinOf(conn: NodeJS.ReadWriteStream): Writable {
  const sink = new PassThrough();
  sink.on('data', (d: Buffer) => conn.write(d));
  sink.on('end', () => {
    // A hijacked Docker connection accepts a half-close: the engine closes the process's stdin, output keeps coming.
    conn.end();
  });
  return sink;
}
