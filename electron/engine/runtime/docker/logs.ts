// Docker's container logs as lines, and exec's output as text: the multiplexed stream (8-byte frame headers) is read
// by the one frame reader (../logsplit.ts); a TTY container's log is raw text.
import type Docker from 'dockerode';
import { FrameReader, isMultiplexed, LogSplitter } from '../logsplit';
import type { LogLine } from '../runtime';

/** A whole output (exec, the probe helper) as the text of each stream and both interleaved; raw when it has a TTY. */
export function demux(buf: Buffer): { stdout: string; stderr: string; all: string } {
  if (!isMultiplexed(buf)) {
    const text = buf.toString('utf8');
    return { stdout: text, stderr: '', all: text };
  }
  const parts: Record<'stdout' | 'stderr' | 'all', Buffer[]> = { stdout: [], stderr: [], all: [] };
  const frames = new FrameReader((stream, bytes) => {
    parts[stream].push(bytes);
    parts.all.push(bytes);
  });
  frames.write(buf);
  const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
  return { stdout: text(parts.stdout), stderr: text(parts.stderr), all: text(parts.all) };
}

/** A whole log (a tail) as lines in the order written; bounded like a follow (runtime/logsplit.ts). */
export async function tailLogs(docker: Docker, id: string, lines: number): Promise<LogLine[]> {
  const out: unknown = await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: Math.max(0, Math.floor(lines)), follow: false });
  const buf = Buffer.isBuffer(out) ? out : Buffer.from(String(out));
  const got: LogLine[] = [];
  // No TTY flag here: a log that does not start with a valid frame header is a TTY container's raw text.
  const s = new LogSplitter(!isMultiplexed(buf), (text, stream) => {
    if (text.length > 0) got.push({ stream, text });
  });
  s.write(buf);
  s.end();
  return got.slice(-lines);
}

/** Follows a log; an endless line is cut and marked, and nothing beyond one line per stream is held. */
export async function followLogs(docker: Docker, id: string, tty: boolean, onLine: (l: LogLine) => void): Promise<() => void> {
  const stream = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: true, tail: 0 })) as NodeJS.ReadableStream & { destroy?: () => void };
  const splitter = new LogSplitter(tty, (text, which) => onLine({ stream: which, text }));
  stream.on('data', (chunk: Buffer) => splitter.write(chunk));
  stream.on('end', () => splitter.end());
  return () => stream.destroy?.();
}
