// One runtime event stream per CRI connection, however many subscriptions use it (the live model and the kubelet
// logic each subscribe): opened by the first subscription, closed with the last; an error ends it for all of them —
// each then reconnects through its own back-off, and the first to come back opens it again.
import type { CriError } from '../../cri/client';

/** Opens the runtime's stream: `nudge` on each event, `onError` once when it fails or ends; returns its cancel. */
export type OpenStream = (nudge: () => void, onError: (e: CriError) => void) => () => void;

interface Listener {
  nudge: () => void;
  onError: (e: CriError) => void;
}

export class SharedStream {
  private readonly listeners = new Set<Listener>();
  /** The stream open now (a fresh object per opening, so a late error of a cancelled one is told apart). */
  private current: { cancel: () => void } | null = null;

  constructor(private readonly open: OpenStream) {}

  /** Joins the stream (opening it when none is open); returns how to leave it. */
  attach(nudge: () => void, onError: (e: CriError) => void): () => void {
    const me: Listener = { nudge, onError };
    this.listeners.add(me);
    if (!this.current) {
      const opened = { cancel: (): void => undefined };
      this.current = opened;
      opened.cancel = this.open(
        () => {
          for (const l of [...this.listeners]) l.nudge();
        },
        (err) => {
          if (this.current !== opened) return;
          this.current = null;
          const all = [...this.listeners];
          this.listeners.clear();
          for (const l of all) l.onError(err);
        },
      );
    }
    return () => {
      if (!this.listeners.delete(me) || this.listeners.size > 0 || !this.current) return;
      const last = this.current;
      this.current = null;
      last.cancel();
    };
  }

  /** How many subscriptions share the stream now (for tests and doctor). */
  get size(): number {
    return this.listeners.size;
  }
}

const byClient = new WeakMap<object, Map<string, SharedStream>>();

/** The stream `key` of this client connection, made on first use. */
export function sharedStream(client: object, key: string, open: OpenStream): SharedStream {
  let streams = byClient.get(client);
  if (!streams) byClient.set(client, (streams = new Map()));
  let s = streams.get(key);
  if (!s) streams.set(key, (s = new SharedStream(open)));
  return s;
}
