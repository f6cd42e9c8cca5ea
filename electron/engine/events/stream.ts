// A Docker event stream that survives the daemon: when the stream ends it reports "down", reconnects with back-off
// (250 ms doubling to 5 s, forever) and reports "up" so the owner can resync from a full listing.
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { splitEventFilters, type SplitFilters } from './filters';
import { LineSplitter, parseEventLine, type DockerEvent } from './parse';

export interface EventStreamEvents {
  event: [DockerEvent];
  down: [string];
  up: [];
}

export class EventStream extends EventEmitter<EventStreamEvents> {
  private stream: NodeJS.ReadableStream | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private connected = false;
  private delay = 250;
  private readonly filters: SplitFilters;

  constructor(
    private readonly docker: Docker,
    filters: Record<string, string[]>,
  ) {
    super();
    this.filters = splitEventFilters(filters);
  }

  /** Resolves once the first subscription is in place (or failed: then it keeps retrying in the background). */
  async start(): Promise<boolean> {
    return this.connect(true);
  }

  private async connect(first: boolean): Promise<boolean> {
    if (this.stopped) return false;
    try {
      const stream = await this.docker.getEvents({ filters: this.filters.server });
      if (this.stopped) {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        return false;
      }
      this.stream = stream;
      this.connected = true;
      this.delay = 250;
      const lines = new LineSplitter();
      stream.on('data', (chunk: Buffer | string) => {
        for (const line of lines.push(chunk.toString())) {
          const ev = parseEventLine(line);
          if (ev && this.filters.accept(ev)) this.emit('event', ev);
        }
      });
      const lost = (why: string): void => this.lost(stream, why);
      stream.on('end', () => lost('the event stream ended'));
      stream.on('close', () => lost('the event stream closed'));
      stream.on('error', (e: unknown) => lost(e instanceof Error ? e.message : String(e)));
      if (!first) this.emit('up');
      return true;
    } catch (err) {
      if (first) this.emit('down', err instanceof Error ? err.message : String(err));
      this.retry();
      return false;
    }
  }

  private lost(stream: NodeJS.ReadableStream, why: string): void {
    if (stream !== this.stream || this.stopped) return;
    this.stream = null;
    if (this.connected) {
      this.connected = false;
      this.emit('down', why);
    }
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, 5000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect(false);
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.stream as unknown as { destroy?: () => void } | null;
    this.stream = null;
    s?.destroy?.();
  }
}
