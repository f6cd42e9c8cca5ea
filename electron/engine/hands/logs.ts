// `podlab logs`: one container's log as kubectl shows it — the current attempt, or with `previous` the attempt the
// restart logic replaced (kept dead for this, see kubelet/previous.ts); tail, timestamps, follow; TTY or not.
import type { ContainerSummary } from '../runtime/runtime';
import type { LogStreams } from '../runtime/hands';
import type { EngineConnection } from '../docker';
import { HandsError, findTarget, handsOf, type Target } from './target';

export interface LogsOptions {
  previous?: boolean;
  /** Last N lines (all when undefined). */
  tail?: number;
  timestamps?: boolean;
  follow?: boolean;
}

export interface LogSource extends LogStreams {
  target: Target;
  /** The attempt whose log is read. */
  container: ContainerSummary;
}

/** The attempt before the current one, or a HandsError saying there is none. */
export function previousAttempt(t: Target): ContainerSummary {
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
  const hands = handsOf(conn);
  const target = await findTarget(conn, pod, container);
  const c = opts.previous ? previousAttempt(target) : target.container;
  const streams = await hands.logs(c.id, { tail: opts.tail, timestamps: opts.timestamps, follow: opts.follow });
  return { ...streams, target, container: c };
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
