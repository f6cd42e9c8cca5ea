// `podlab logs`: one container's log as kubectl shows it — the current attempt, or with `previous` the attempt the
// restart logic replaced (kept dead for this, see kubelet/previous.ts); tail, timestamps, follow; TTY or not.
import type { ContainerInfo } from 'dockerode';
import type { EngineConnection } from '../docker';
import { splitStreams } from './session';
import { HandsError, findTarget, type Target } from './target';

export interface LogsOptions {
  previous?: boolean;
  /** Last N lines (all when undefined). */
  tail?: number;
  timestamps?: boolean;
  follow?: boolean;
}

export interface LogSource {
  target: Target;
  /** The attempt whose log is read. */
  container: ContainerInfo;
  /** Raw log bytes split by stream (a TTY container's log is all stdout); both end with the log (or the container, with follow). */
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** Stops a follow. */
  stop(): void;
}

/** The attempt before the current one, or a HandsError saying there is none. */
export function previousAttempt(t: Target): ContainerInfo {
  const prev = t.role === 'app' ? t.pods.attempts.get(t.name)?.[1] : undefined;
  if (!prev) {
    throw new HandsError(
      'no-previous',
      `previous terminated container "${t.name}" in pod "${t.pods.pod}" not found: it has not been restarted (its current log: podlab logs ${t.pods.pod} -c ${t.name})`,
    );
  }
  return prev;
}

export async function openLogs(conn: EngineConnection, pod: string, container: string | undefined, opts: LogsOptions): Promise<LogSource> {
  const target = await findTarget(conn, pod, container);
  const c = opts.previous ? previousAttempt(target) : target.container;
  const ctr = conn.docker.getContainer(c.Id);
  const tty = (await ctr.inspect()).Config.Tty;
  const base = { stdout: true, stderr: true, timestamps: opts.timestamps ?? false, tail: opts.tail ?? ('all' as unknown as number) };
  // Without follow dockerode hands back one Buffer; with follow, a live stream. Both go through one splitter.
  const stream = opts.follow
    ? await ctr.logs({ ...base, follow: true })
    : (await import('node:stream')).Readable.from([(await ctr.logs({ ...base, follow: false })) as unknown as Buffer]);
  const { stdout, stderr } = splitStreams(conn.docker, stream, tty);
  const destroy = (stream as { destroy?: () => void }).destroy?.bind(stream);
  return { target, container: c, stdout, stderr, stop: () => destroy?.() };
}

/** The previous attempt's last lines (stdout and stderr in order of arrival), for the app's "previous attempt" view. */
export async function previousLogLines(conn: EngineConnection, pod: string, container: string, tail: number): Promise<string[]> {
  const src = await openLogs(conn, pod, container, { previous: true, tail });
  const chunks: Buffer[] = [];
  src.stdout.on('data', (d: Buffer) => chunks.push(d));
  src.stderr.on('data', (d: Buffer) => chunks.push(d));
  await Promise.all([new Promise((r) => src.stdout.on('end', r)), new Promise((r) => src.stderr.on('end', r))]);
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.length > 0).slice(-tail);
}
