// Container logs as the kubelet's CRI log files hold them: "<RFC 3339 nano> <stdout|stderr> <P|F> <text>" a line, P
// marking a partial line the next one continues (containerd splits long lines). Read from the file the
// runtime names in ContainerStatus.log_path: the CRI itself has no log call.
import { open, stat } from 'node:fs/promises';
import type { LogLine } from '../runtime';

const LINE = /^(\S+) (stdout|stderr) ([PF]) ?(.*)$/;

/** Parses CRI log text into whole lines (partials joined per stream); `rest` is an unfinished last line. */
export function parseCriLog(text: string, pending: Partial<Record<LogLine['stream'], string>> = {}): { lines: LogLine[]; rest: string } {
  const raw = text.split('\n');
  const rest = raw.pop() ?? '';
  const lines: LogLine[] = [];
  for (const l of raw) {
    const m = LINE.exec(l);
    if (!m) continue;
    const stream = m[2] as LogLine['stream'];
    const joined = (pending[stream] ?? '') + m[4];
    if (m[3] === 'P') pending[stream] = joined;
    else {
      pending[stream] = '';
      lines.push({ stream, text: joined, time: m[1]! });
    }
  }
  return { lines, rest };
}

/** Reads at most the last `bytes` of a file (a log can grow large; a tail needs only its end). */
async function readEnd(path: string, bytes: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    // Started mid-file: drop the cut first line.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    await fh.close();
  }
}

export async function tailCriLog(path: string, lines: number): Promise<LogLine[]> {
  if (!path) return [];
  try {
    const { lines: all } = parseCriLog(await readEnd(path, Math.max(64 * 1024, lines * 512)));
    return all.slice(-lines);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** A log follower: `drain` reads what the file holds now (once the container exited, the rest of its log). */
export interface CriLogFollower {
  /** Reads what the file holds now; resolves to whether it had grown. */
  drain(): Promise<boolean>;
  /** The partial lines (P) no full line ended yet, by stream, taken out of the follower. */
  partials(): LogLine[];
  stop(): void;
}

/**
 * Follows a CRI log file from `offset` (its current end when omitted), polling every 250 ms; a rotated/replaced file
 * is read from its start, one that is not there yet from when it appears.
 */
export async function criLogFollower(path: string, onLine: (l: LogLine) => void, from?: number): Promise<CriLogFollower> {
  let offset =
    from ??
    (await stat(path).then(
      (s) => s.size,
      () => 0,
    ));
  let rest = '';
  const pending: Partial<Record<LogLine['stream'], string>> = {};
  let grew = false;
  const readMore = async (): Promise<void> => {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      if (size < offset) offset = 0;
      grew = size > offset;
      if (size > offset) {
        const buf = Buffer.alloc(size - offset);
        await fh.read(buf, 0, buf.length, offset);
        offset = size;
        const parsed = parseCriLog(rest + buf.toString('utf8'), pending);
        rest = parsed.rest;
        for (const l of parsed.lines) onLine(l);
      }
    } finally {
      await fh.close();
    }
  };
  // One read at a time: a tick and a drain never read the same bytes twice.
  let busy: Promise<void> = Promise.resolve();
  let queued = 0;
  const read = (): Promise<boolean> => {
    queued += 1;
    busy = busy
      .then(readMore)
      .catch(() => undefined) // not there yet / removed: the next read tries again
      .finally(() => (queued -= 1));
    return busy.then(() => grew);
  };
  // A slow disk does not pile up ticks: one waits at most.
  const timer = setInterval(() => void (queued < 2 ? read() : undefined), 250);
  const partials = (): LogLine[] =>
    (['stdout', 'stderr'] as const).flatMap((stream) => {
      const text = pending[stream] ?? '';
      pending[stream] = '';
      return text ? [{ stream, text }] : [];
    });
  return { drain: read, partials, stop: () => clearInterval(timer) };
}

/** Follows a CRI log file from its current end (see criLogFollower); returns the function that stops it. */
export async function followCriLog(path: string, onLine: (l: LogLine) => void): Promise<() => void> {
  return (await criLogFollower(path, onLine)).stop;
}
