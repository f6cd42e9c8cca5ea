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

/** Follows a CRI log file from its current end, polling every 250 ms (a rotated/replaced file is read from its start). */
export async function followCriLog(path: string, onLine: (l: LogLine) => void): Promise<() => void> {
  let offset = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  let rest = '';
  const pending: Partial<Record<LogLine['stream'], string>> = {};
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      try {
        const fh = await open(path, 'r');
        try {
          const { size } = await fh.stat();
          if (size < offset) offset = 0;
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
      } catch {
        // not there yet / removed: the next tick tries again
      } finally {
        busy = false;
      }
    })();
  }, 250);
  return () => clearInterval(timer);
}
