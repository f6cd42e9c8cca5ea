// Log follows per subscriber (a `serve` WebSocket client, the Electron window, an in-process caller): each has its
// own follow and its own stop. A new follow replaces only that subscriber's; follows started at the same time never
// leave a stream running behind (the last one asked for wins); closing a client stops its follows.

export type StopFn = () => void;

export class LogFollows {
  private readonly bySubscriber = new Map<string, { generation: number; stops: StopFn[] }>();
  private generation = 0;

  /** Replaces `subscriber`'s follow with the streams `start` opens. */
  async follow(subscriber: string, start: () => Promise<StopFn[]>): Promise<void> {
    const generation = ++this.generation;
    this.stop(subscriber);
    this.bySubscriber.set(subscriber, { generation, stops: [] });
    let stops: StopFn[];
    try {
      stops = await start();
    } catch (err) {
      if (this.bySubscriber.get(subscriber)?.generation === generation) this.bySubscriber.delete(subscriber);
      throw err;
    }
    const entry = this.bySubscriber.get(subscriber);
    // A later follow or a stop came while these streams opened: they are already unwanted.
    if (entry?.generation !== generation) return stops.forEach((stop) => stop());
    entry.stops = stops;
  }

  stop(subscriber: string): void {
    const entry = this.bySubscriber.get(subscriber);
    if (!entry) return;
    this.bySubscriber.delete(subscriber);
    entry.stops.forEach((stop) => stop());
  }

  stopAll(): void {
    for (const subscriber of [...this.bySubscriber.keys()]) this.stop(subscriber);
  }

  /** Open streams, all subscribers together (what a test or a status line counts). */
  get streams(): number {
    let n = 0;
    for (const e of this.bySubscriber.values()) n += e.stops.length;
    return n;
  }
}
