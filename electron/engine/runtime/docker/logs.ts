// Docker's container logs as lines: the multiplexed stream (8-byte frame headers: stream, 0, 0, 0, size) is split
// here, once; a TTY container's log is raw text.
import type Docker from 'dockerode';
import { LogSplitter } from '../logsplit';
import type { LogLine } from '../runtime';

interface Frame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

/** The complete frames at the start of `buf`, and what is left (an unfinished frame); null when it is not multiplexed. */
export function demuxFrames(buf: Buffer): { frames: Frame[]; rest: Buffer } | null {
  const frames: Frame[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const kind = buf[off]!;
    if (kind > 2 || buf[off + 1] !== 0 || buf[off + 2] !== 0 || buf[off + 3] !== 0) return off === 0 ? null : { frames, rest: buf.subarray(off) };
    const size = buf.readUInt32BE(off + 4);
    if (off + 8 + size > buf.length) break;
    frames.push({ stream: kind === 2 ? 'stderr' : 'stdout', data: buf.subarray(off + 8, off + 8 + size) });
    off += 8 + size;
  }
  return { frames, rest: buf.subarray(off) };
}

/** A whole log buffer as text of each stream; raw (TTY) text when it does not start with a valid frame header. */
export function demux(buf: Buffer): { stdout: string; stderr: string; all: string } {
  const d = demuxFrames(buf);
  if (d === null) {
    const text = buf.toString('utf8');
    return { stdout: text, stderr: '', all: text };
  }
  const pick = (s: Frame['stream'] | null): string => Buffer.concat(d.frames.filter((f) => s === null || f.stream === s).map((f) => f.data)).toString('utf8');
  // A broken frame in the middle: what follows it is kept as raw text rather than lost.
  const tail = d.rest.length >= 8 ? d.rest.toString('utf8') : '';
  return { stdout: pick('stdout') + tail, stderr: pick('stderr'), all: pick(null) + tail };
}

/** A whole log (a tail) as lines in the order written; bounded like a follow (runtime/logsplit.ts). */
export async function tailLogs(docker: Docker, id: string, lines: number): Promise<LogLine[]> {
  const out: unknown = await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: Math.max(0, Math.floor(lines)), follow: false });
  const buf = Buffer.isBuffer(out) ? out : Buffer.from(String(out));
  const got: LogLine[] = [];
  // No TTY flag here: a log that does not start with a valid frame header is a TTY container's raw text.
  const s = new LogSplitter(demuxFrames(buf.subarray(0, 8)) === null, (text, stream) => {
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
