// `podlab exec` on the engine: a process started in a running container, with its exit code (kubectl exec's shape).
import type Docker from 'dockerode';
import type { EngineConnection } from '../docker';
import { splitStreams, stdinOf, type AttachedSession } from './session';

export interface ExecOptions {
  /** argv, never a shell string. */
  cmd: string[];
  tty: boolean;
  stdin: boolean;
  /** The first window size of the TTY. */
  size?: { cols: number; rows: number };
  env?: string[];
}

/** How long the engine may take to record an exec's exit code after its output ended (bounded poll). */
const EXIT_WAIT_MS = 5000;

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

/** Starts `opts.cmd` in container `id` (which the caller found among podlab's containers). */
export async function startExec(conn: EngineConnection, id: string, opts: ExecOptions): Promise<AttachedSession> {
  const exec = await conn.docker.getContainer(id).exec({
    Cmd: opts.cmd,
    AttachStdin: opts.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: opts.tty,
    Env: opts.env,
    ...(opts.tty && opts.size ? { ConsoleSize: [opts.size.rows, opts.size.cols] } : {}),
  });
  const stream = (await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty })) as NodeJS.ReadWriteStream & { destroy(): void };
  const { stdout, stderr, ended } = splitStreams(conn.docker, stream, opts.tty);
  const resize = async (cols: number, rows: number): Promise<void> => {
    if (opts.tty && cols > 0 && rows > 0) await exec.resize({ w: cols, h: rows }).catch(() => undefined);
  };
  return {
    stdout,
    stderr,
    stdin: opts.stdin ? stdinOf(stream) : null,
    tty: opts.tty,
    resize,
    exit: ended.then(() => exitCodeOf(exec)),
    close: () => stream.destroy(),
  };
}
