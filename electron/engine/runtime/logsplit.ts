// Turns a container's log bytes into lines with bounded memory, whatever the container writes: `cat /dev/zero` or
// one endless line is cut at MAX_LOG_LINE_BYTES and marked, and nothing is kept beyond one line per stream. Handles
// Docker's multiplexed frames (8-byte header per frame) and TTY containers' raw stream alike. Pure: no engine here.

export const MAX_LOG_LINE_BYTES = 16 * 1024;
export const LINE_CUT_MARK = ` … [podlab: line cut at ${MAX_LOG_LINE_BYTES / 1024} KiB]`;

export type LogStream = 'stdout' | 'stderr';
export type LineSink = (line: string, stream: LogStream) => void;

/** The largest n ≤ max that does not split a UTF-8 character of `buf`. */
function charBoundary(buf: Buffer, max: number): number {
  let n = Math.min(max, buf.length);
  while (n > 0 && n < buf.length && (buf[n] & 0xc0) === 0x80) n--;
  return n;
}

/** Reassembles the lines of one stream. Scans each byte once; holds at most `maxBytes` of a partial line. */
class LineAssembler {
  private parts: Buffer[] = [];
  private size = 0;
  /** After a cut: the rest of that line is dropped until its newline. */
  private cutting = false;

  constructor(
    private readonly stream: LogStream,
    private readonly sink: LineSink,
    private readonly maxBytes: number,
  ) {}

  write(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      this.take(chunk.subarray(start, nl === -1 ? chunk.length : nl));
      if (nl === -1) return;
      this.endLine();
      start = nl + 1;
    }
  }

  /** The stream ended: a last line without newline still counts. */
  flush(): void {
    if (this.size > 0) this.endLine();
    this.cutting = false;
  }

  private take(piece: Buffer): void {
    if (this.cutting || piece.length === 0) return;
    const room = this.maxBytes - this.size;
    if (piece.length <= room) {
      this.parts.push(piece);
      this.size += piece.length;
      return;
    }
    const head = piece.subarray(0, charBoundary(piece, room));
    this.parts.push(head);
    this.size += head.length;
    this.sink(this.text() + LINE_CUT_MARK, this.stream);
    this.reset();
    this.cutting = true;
  }

  private endLine(): void {
    if (this.cutting) this.cutting = false;
    else this.sink(this.text().replace(/\r$/, ''), this.stream);
    this.reset();
  }

  private text(): string {
    return Buffer.concat(this.parts, this.size).toString('utf8');
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
  }
}

/** True when `head` starts with a valid frame header: [stream 0-2, 0, 0, 0, size]. A TTY container's log does not. */
export function isMultiplexed(head: Buffer): boolean {
  return head.length >= 8 && head[0]! <= 2 && head[1] === 0 && head[2] === 0 && head[3] === 0;
}

/**
 * Docker's multiplexed stream (an 8-byte header per frame: stream, 0, 0, 0, size) as the bytes of each stream, chunk
 * by chunk; a header split across chunks is reassembled. What follows a header that is not one is passed on as stdout.
 * The one frame reader: follows, tails, exec and the probe helper's output all go through it.
 */
export class FrameReader {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private stream: LogStream = 'stdout';
  private raw = false;

  constructor(private readonly onData: (stream: LogStream, bytes: Buffer) => void) {}

  write(chunk: Buffer): void {
    if (this.raw) return this.onData('stdout', chunk);
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining === 0) {
        // A frame header, possibly split across chunks.
        const take = chunk.subarray(i, i + 8 - this.header.length);
        this.header = Buffer.concat([this.header, take]);
        i += take.length;
        if (this.header.length < 8) continue;
        if (!isMultiplexed(this.header)) {
          this.raw = true;
          this.onData('stdout', Buffer.concat([this.header, chunk.subarray(i)]));
          return;
        }
        this.stream = this.header[0] === 2 ? 'stderr' : 'stdout';
        this.remaining = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const n = Math.min(this.remaining, chunk.length - i);
      this.onData(this.stream, chunk.subarray(i, i + n));
      this.remaining -= n;
      i += n;
    }
  }
}

/** Splits a container's log stream into lines; `tty`: the container has a TTY, so its stream is not multiplexed. */
export class LogSplitter {
  private readonly out: LineAssembler;
  private readonly err: LineAssembler;
  private readonly frames: FrameReader;

  constructor(
    private readonly tty: boolean,
    sink: LineSink,
    maxLineBytes = MAX_LOG_LINE_BYTES,
  ) {
    this.out = new LineAssembler('stdout', sink, maxLineBytes);
    this.err = new LineAssembler('stderr', sink, maxLineBytes);
    this.frames = new FrameReader((stream, bytes) => (stream === 'stderr' ? this.err : this.out).write(bytes));
  }

  write(chunk: Buffer): void {
    if (this.tty) this.out.write(chunk);
    else this.frames.write(chunk);
  }

  end(): void {
    this.out.flush();
    this.err.flush();
  }
}

/** Splits a whole log (a tail) into lines, stdout's before stderr's as before; keeps only the last `keep`. */
export function splitLog(buf: Buffer, tty: boolean, keep: number): string[] {
  const out: string[] = [];
  const err: string[] = [];
  const s = new LogSplitter(tty, (line, stream) => (stream === 'stderr' ? err : out).push(line));
  s.write(buf);
  s.end();
  return [...out, ...err].filter((l) => l.length > 0).slice(-keep);
}

/**
 * How many lines a follower passes on per window: a container printing as fast as it can (`yes`) must not flood every
 * front end. Lines over the budget are counted and reported as one line when the window turns.
 */
export class LineBudget {
  private windowStart = 0;
  private used = 0;
  private skipped = 0;

  constructor(
    readonly maxLines: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this line may pass. */
  admit(): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.used = 0;
    }
    if (this.used < this.maxLines) {
      this.used += 1;
      return true;
    }
    this.skipped += 1;
    return false;
  }

  /** Lines refused since the last call (and resets the count). */
  takeSkipped(): number {
    const n = this.skipped;
    this.skipped = 0;
    return n;
  }
}

export function skippedLine(n: number): string {
  return `[podlab: ${n} line${n === 1 ? '' : 's'} skipped — the container logs faster than podlab shows; see \`podlab logs\` for all of it]`;
}
