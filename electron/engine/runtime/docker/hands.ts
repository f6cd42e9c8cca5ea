// The Docker implementation of the runtime's interactive part (../hands.ts): exec with a hijacked connection,
// ephemeral containers attached before they start, and raw logs — Docker's 8-byte-header frames split by stream
// (the runtime's FrameReader).
import { PassThrough, Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import { EOT, type AttachedSession, type AttachOptions, type EphemeralConfig, type HandsApi, type LogStreams } from '../hands';
import { LABEL_ATTEMPT, LABEL_EPHEMERAL, LABEL_POD, LABEL_ROLE, LABEL_TARGET, LABEL_UID } from '../vocabulary';
import { FrameReader } from '../logsplit';
import { appName } from './create';
import { call } from './errors';

/** How long the engine may take to record an exec's exit code after its output ended (bounded poll). */
const EXIT_WAIT_MS = 5000;

/**
 * Splits a connection into stdout/stderr (raw with a TTY) with the runtime's one frame reader (../logsplit.ts); a
 * stream that is not read pauses the connection until it drains. Both end when the connection does.
 */
function splitStreams(conn: NodeJS.ReadableStream, tty: boolean): { stdout: PassThrough; stderr: PassThrough; ended: Promise<void> } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) conn.pipe(stdout);
  else {
    let full = 0;
    const frames = new FrameReader((stream, bytes) => {
      const to = stream === 'stderr' ? stderr : stdout;
      if (to.write(bytes)) return;
      full += 1;
      conn.pause();
      to.once('drain', () => {
        full -= 1;
        if (full === 0) conn.resume();
      });
    });
    conn.on('data', (chunk: Buffer | string) => frames.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  }
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
function stdinOf(conn: NodeJS.ReadWriteStream): Writable {
  const sink = new PassThrough();
  sink.on('data', (d: Buffer) => conn.write(d));
  sink.on('end', () => conn.end());
  return sink;
}

async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  const deadline = Date.now() + EXIT_WAIT_MS;
  for (let i = 0; i < 500; i += 1) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the engine did not report the exit code of the command; look at the container with podlab inspect');
}

type Hijacked = NodeJS.ReadWriteStream & { destroy(): void };

/** The session over one attached connection; `resizable` is the exec or container whose TTY takes window sizes. */
function sessionOver(
  streams: { stdout: PassThrough; stderr: PassThrough },
  stream: Hijacked,
  opts: AttachOptions,
  resizable: { resize(o: { w: number; h: number }): Promise<unknown> },
  exit: Promise<number>,
  close: () => void,
): AttachedSession {
  return {
    ...streams,
    stdin: opts.stdin ? stdinOf(stream) : null,
    tty: opts.tty,
    resize: async (cols, rows) => {
      if (opts.tty && cols > 0 && rows > 0) await resizable.resize({ w: cols, h: rows }).catch(() => undefined);
    },
    exit,
    close,
  };
}

export function dockerHands(docker: Docker): HandsApi {
  return {
    async exec(id, argv, opts: AttachOptions): Promise<AttachedSession> {
      // The first window size goes with the start (API 1.42+ sizes the TTY before the process runs); older engines
      // take only the resize that follows the start, which a process reading its size at once may beat.
      const size = opts.tty && opts.size ? { ConsoleSize: [opts.size.rows, opts.size.cols] as [number, number] } : {};
      const exec = await call(
        docker.getContainer(id).exec({
          Cmd: argv,
          AttachStdin: opts.stdin,
          AttachStdout: true,
          AttachStderr: true,
          Tty: opts.tty,
          ...size,
        }),
      );
      const stream = (await call(exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty, ...size }))) as Hijacked;
      const { stdout, stderr, ended } = splitStreams(stream, opts.tty);
      // A TTY process does not see its client go (the engine keeps its terminal open): end its input (^D) first.
      const close = (): void => {
        if (opts.tty && opts.stdin) stream.write(EOT);
        stream.destroy();
      };
      return sessionOver({ stdout, stderr }, stream, opts, exec, ended.then(() => exitCodeOf(exec)), close);
    },

    async runEphemeral(cfg: EphemeralConfig, opts: AttachOptions): Promise<{ id: string; session: AttachedSession }> {
      const ctr = await call(
        docker.createContainer({
          name: appName(cfg.name, cfg.pod.name, cfg.pod.namespace, cfg.pod.uid, 0),
          Image: cfg.image,
          Cmd: cfg.command.length ? cfg.command : ['sh'],
          Tty: opts.tty,
          OpenStdin: opts.stdin,
          // Like kubectl's ephemeral containers: stdin closes when the attached client leaves.
          StdinOnce: opts.stdin,
          AttachStdin: opts.stdin,
          AttachStdout: true,
          AttachStderr: true,
          Labels: {
            [LABEL_POD]: cfg.pod.name,
            [LABEL_ROLE]: 'ephemeral',
            [LABEL_EPHEMERAL]: cfg.name,
            [LABEL_UID]: cfg.pod.uid,
            [LABEL_ATTEMPT]: '0',
            ...(cfg.target ? { [LABEL_TARGET]: cfg.target.name } : {}),
          },
          HostConfig: {
            NetworkMode: `container:${cfg.sandboxId}`,
            IpcMode: `container:${cfg.sandboxId}`,
            ...(cfg.target ? { PidMode: `container:${cfg.target.id}` } : {}),
            RestartPolicy: { Name: 'no' },
            // API 1.42+: the TTY has its size before the shell starts (older engines: the resize after the start).
            ...(opts.tty && opts.size ? { ConsoleSize: [opts.size.rows, opts.size.cols] } : {}),
          },
        }),
      );
      const stream = (await call(ctr.attach({ stream: true, stdin: opts.stdin, stdout: true, stderr: true, hijack: opts.stdin }))) as Hijacked;
      const { stdout, stderr, ended } = splitStreams(stream, opts.tty);
      await call(ctr.start());
      if (opts.tty && opts.size) await ctr.resize({ w: opts.size.cols, h: opts.size.rows }).catch(() => undefined);
      const exit = (async (): Promise<number> => {
        const r = (await ctr.wait()) as { StatusCode: number };
        await ended;
        return r.StatusCode;
      })();
      // A debug shell with a TTY outlives its attach connection: when its client goes, it ends (it is never restarted).
      const close = (): void => {
        stream.destroy();
        ctr.kill().catch(() => undefined);
      };
      return { id: ctr.id, session: sessionOver({ stdout, stderr }, stream, opts, ctr, exit, close) };
    },

    async logs(id, opts): Promise<LogStreams> {
      const ctr = docker.getContainer(id);
      const tty = (await call(ctr.inspect())).Config.Tty;
      const base = { stdout: true, stderr: true, timestamps: opts.timestamps ?? false, tail: opts.tail ?? ('all' as unknown as number) };
      // Without follow dockerode hands back one Buffer; with follow, a live stream. Both go through one splitter.
      const stream: NodeJS.ReadableStream = opts.follow
        ? await call(ctr.logs({ ...base, follow: true }))
        : Readable.from([(await call(ctr.logs({ ...base, follow: false }))) as unknown as Buffer]);
      const { stdout, stderr } = splitStreams(stream, tty);
      return { stdout, stderr, stop: () => (stream as { destroy?: () => void }).destroy?.() };
    },
  };
}
