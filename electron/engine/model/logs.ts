// Container logs for the detail panel: the last lines, and live lines as `log` push events.
import type { ContainerInspectInfo } from 'dockerode';
import type { PushEvent } from '../../../shared/api';
import { LABEL_CONTAINER } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { discoverPods } from '../pods/discover';
import { LineBudget, LogSplitter, skippedLine, splitLog } from './logsplit';
import { SANDBOX_CONTAINER } from './pod';

async function containersOf(conn: EngineConnection, pod: string, container: string | null): Promise<ContainerInspectInfo[]> {
  const [raw] = await discoverPods(conn.docker, [pod]);
  if (!raw) throw new Error(`No pod named "${pod}". See the pod list (podlab ls).`);
  const all = [...(raw.sandbox ? [raw.sandbox] : []), ...raw.apps];
  const nameOf = (c: ContainerInspectInfo): string => (c === raw.sandbox ? SANDBOX_CONTAINER : (c.Config.Labels[LABEL_CONTAINER] ?? c.Name));
  const found = container == null ? raw.apps : all.filter((c) => nameOf(c) === container);
  if (container != null && found.length === 0) throw new Error(`Pod ${pod} has no container "${container}".`);
  return found;
}

export async function tailContainerLogs(conn: EngineConnection, pod: string, container: string, tail: number): Promise<string[]> {
  const [c] = await containersOf(conn, pod, container);
  const n = Math.max(0, Math.floor(tail));
  const buf = (await conn.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, tail: n, follow: false })) as unknown as Buffer;
  return splitLog(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)), c.Config.Tty, n);
}

/** Lines a follower passes on per second before it summarises the rest as "N lines skipped". */
export const FOLLOW_LINES_PER_SECOND = 500;

/** Starts following; resolves to stop functions. Memory per follower stays bounded whatever the container writes. */
export async function followContainerLogs(conn: EngineConnection, pod: string, container: string | null, push: (ev: PushEvent) => void): Promise<(() => void)[]> {
  const list = await containersOf(conn, pod, container);
  const started = await Promise.allSettled(list.map((c) => followOne(conn, pod, c, push)));
  const stops = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    stops.forEach((stop) => stop()); // none left running behind an error
    throw failed.reason;
  }
  return stops;
}

async function followOne(conn: EngineConnection, pod: string, c: ContainerInspectInfo, push: (ev: PushEvent) => void): Promise<() => void> {
  const name = c.Config.Labels[LABEL_CONTAINER] ?? SANDBOX_CONTAINER;
  const stream = (await conn.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, follow: true, tail: 0 })) as NodeJS.ReadableStream;
  const budget = new LineBudget(FOLLOW_LINES_PER_SECOND, 1000);
  const splitter = new LogSplitter(c.Config.Tty, (line, which) => {
    if (budget.admit()) push({ type: 'log', pod, container: name, line, stream: which });
  });
  const report = (): void => {
    const n = budget.takeSkipped();
    if (n > 0) push({ type: 'log', pod, container: name, line: skippedLine(n), stream: 'stderr' });
  };
  const timer = setInterval(report, budget.windowMs);
  timer.unref();
  stream.on('data', (chunk: Buffer) => splitter.write(chunk));
  stream.on('end', () => {
    splitter.end();
    report();
    clearInterval(timer);
  });
  stream.on('error', () => clearInterval(timer));
  return () => {
    clearInterval(timer);
    (stream as unknown as { destroy?: () => void }).destroy?.();
  };
}
