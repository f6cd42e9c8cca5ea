// One live event subscription for every runtime: when the runtime's stream ends (a daemon restart) it reports
// "down", resubscribes with one back-off (250 ms doubling to 5 s, forever) and reports "up" so the owner can resync
// from a full listing. A runtime only supplies how to open its raw stream.
import { EventEmitter } from 'node:events';
import type { EventSubscription, RuntimeEvent } from './runtime';

/** A runtime's raw stream, opened once: it calls `event` per event and `end` once when it is gone. */
export interface RawEventStream {
  close(): void;
}
export type OpenEventStream = (handlers: { event: (e: RuntimeEvent) => void; end: (why: string) => void }) => Promise<RawEventStream>;

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

interface SubscriptionEvents {
  event: [RuntimeEvent];
  down: [string];
  up: [];
}

export class ReconnectingSubscription extends EventEmitter<SubscriptionEvents> implements EventSubscription {
  private stream: RawEventStream | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private connected = false;
  private delay = FIRST_DELAY_MS;

  constructor(private readonly open: OpenEventStream) {
    super();
  }

  /** Resolves once the first subscription is in place (or failed: then it keeps retrying in the background). */
  start(): Promise<boolean> {
    return this.connect(true);
  }

  private async connect(first: boolean): Promise<boolean> {
    if (this.stopped) return false;
    try {
      let current: RawEventStream | null = null;
      const stream = await this.open({
        event: (e) => {
          if (!this.stopped) this.emit('event', e);
        },
        end: (why) => this.lost(current, why),
      });
      current = stream;
      if (this.stopped) {
        stream.close();
        return false;
      }
      this.stream = stream;
      this.connected = true;
      this.delay = FIRST_DELAY_MS;
      if (!first) this.emit('up');
      return true;
    } catch (err) {
      if (first) this.emit('down', err instanceof Error ? err.message : String(err));
      this.retry();
      return false;
    }
  }

  private lost(stream: RawEventStream | null, why: string): void {
    if (stream === null || stream !== this.stream || this.stopped) return;
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
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect(false);
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.stream;
    this.stream = null;
    s?.close();
  }
}
