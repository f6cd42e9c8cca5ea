// Log lines with bounded memory (electron/engine/runtime/logsplit.ts) and per-subscriber follows (model/follows.ts):
// endless lines are cut and marked, frames split anywhere reassemble, TTY streams pass raw, a flood is summarised,
// and follows started together or by two subscribers never leak or cancel each other.
import { describe, expect, it } from 'vitest';
import { LineBudget, LINE_CUT_MARK, LogSplitter, MAX_LOG_LINE_BYTES, skippedLine, splitLog, type LogStream } from '../../electron/engine/runtime/logsplit';
import { LogFollows } from '../../electron/engine/model/follows';

function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

function collect(tty: boolean, max?: number): { s: LogSplitter; lines: [string, LogStream][] } {
  const lines: [string, LogStream][] = [];
  return { s: new LogSplitter(tty, (l, w) => lines.push([l, w]), max), lines };
}

describe('LogSplitter', () => {
  it('reassembles multiplexed frames split at every byte, per stream', () => {
    const { s, lines } = collect(false);
    const bytes = Buffer.concat([frame(1, 'hel'), frame(2, 'oops\n'), frame(1, 'lo\nwor'), frame(1, 'ld\r\n')]);
    for (let i = 0; i < bytes.length; i++) s.write(bytes.subarray(i, i + 1));
    s.end();
    expect(lines).toEqual([['oops', 'stderr'], ['hello', 'stdout'], ['world', 'stdout']]);
  });

  it('passes a TTY container\'s raw stream through without reading frame headers', () => {
    const { s, lines } = collect(true);
    s.write(Buffer.from('\u0001\u0000\u0000\u0000 tty line\nlast'));
    s.end();
    expect(lines).toEqual([['\u0001\u0000\u0000\u0000 tty line', 'stdout'], ['last', 'stdout']]);
  });

  it.each([false, true])('cuts an endless line once and marks it; 64 MiB of zeros hold no more than one line (tty=%s)', (tty) => {
    const { s, lines } = collect(tty);
    const chunk = Buffer.alloc(64 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1024; i++) s.write(tty ? chunk : frame(1, chunk));
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
    s.write(Buffer.from(tty ? 'x\nnext\n' : Buffer.concat([frame(1, 'x\nnext\n')])));
    expect(lines.length).toBe(2);
    expect(lines[0][0].endsWith(LINE_CUT_MARK)).toBe(true);
    expect(Buffer.byteLength(lines[0][0])).toBe(MAX_LOG_LINE_BYTES + Buffer.byteLength(LINE_CUT_MARK));
    expect(lines[1]).toEqual(['next', 'stdout']);
  });

  it('never cuts inside a UTF-8 character', () => {
    const { s, lines } = collect(true, 10);
    s.write(Buffer.from('aaaaaaaaa한글\n'));
    expect(lines[0][0]).toBe('aaaaaaaaa' + LINE_CUT_MARK);
  });

  it('a tail is split the same way and keeps the last N lines', () => {
    const buf = Buffer.concat([frame(1, 'a\nb\n'), frame(1, 'c\n' + 'z'.repeat(MAX_LOG_LINE_BYTES * 3) + '\n')]);
    const tail = splitLog(buf, false, 2);
    expect(tail[0]).toBe('c');
    expect(tail[1].endsWith(LINE_CUT_MARK)).toBe(true);
  });
});

describe('LineBudget', () => {
  it('passes maxLines per window and counts the rest for one summary line', () => {
    let t = 0;
    const b = new LineBudget(3, 1000, () => t);
    expect([b.admit(), b.admit(), b.admit(), b.admit(), b.admit()]).toEqual([true, true, true, false, false]);
    expect(b.takeSkipped()).toBe(2);
    expect(b.takeSkipped()).toBe(0);
    t = 1000;
    expect(b.admit()).toBe(true);
    expect(skippedLine(2)).toMatch(/^\[podlab: 2 lines skipped/);
  });
});

describe('LogFollows', () => {
  const opener = (): { open: () => Promise<(() => void)[]>; live: () => number } => {
    let live = 0;
    return {
      open: async () => {
        live += 1;
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return [() => (live -= 1)];
      },
      live: () => live,
    };
  };

  it('three follows at once by one subscriber leave one stream, not three', async () => {
    const f = new LogFollows();
    const o = opener();
    await Promise.all([f.follow('a', o.open), f.follow('a', o.open), f.follow('a', o.open)]);
    expect(o.live()).toBe(1);
    expect(f.streams).toBe(1);
    f.stop('a');
    expect(o.live()).toBe(0);
  });

  it('two subscribers do not cancel each other; stopping one leaves the other', async () => {
    const f = new LogFollows();
    const o = opener();
    await Promise.all([f.follow('a', o.open), f.follow('b', o.open)]);
    expect(o.live()).toBe(2);
    f.stop('a');
    expect(o.live()).toBe(1);
    f.stopAll();
    expect(o.live()).toBe(0);
  });

  it('a stop while the streams open closes them when they arrive; a failed open leaves nothing', async () => {
    const f = new LogFollows();
    const o = opener();
    const p = f.follow('a', o.open);
    f.stop('a');
    await p;
    expect(o.live()).toBe(0);
    await expect(f.follow('a', () => Promise.reject(new Error('no such container')))).rejects.toThrow('no such container');
    expect(f.streams).toBe(0);
  });
});
