// Requests answered by one worker thread (the manifest parser's, the live model's probe): started on first use, never
// keeping podlab running when idle, each request answered by id; a request unanswered in time, a crash or an exit
// fails every waiting request with a reason, and the next request starts a fresh worker.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A built worker's file: beside the bundle this runs from (out/cli/*.cjs → <name>.cjs; out/main/*.js → <name>.js), or
 * out/cli/ for the TypeScript sources (tests); null when it is not built.
 */
export function builtWorkerFile(name: string, here: string = import.meta.url): string | null {
  const candidates = [`./${name}.cjs`, `./${name}.js`, `../../out/cli/${name}.cjs`].map((rel) => fileURLToPath(new URL(rel, here)));
  return candidates.find((f) => existsSync(f)) ?? null;
}

interface Waiting<Res> {
  resolve: (r: Res) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** What the worker answers: `{ id, result }` or `{ id, error }` for a request `{ id, req }`. */
export interface WorkerAnswer<Res> {
  id: number;
  result?: Res;
  error?: string;
}

export class WorkerCalls<Req, Res> {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting<Res>>();
  private nextId = 1;
  /** Requests answered so far. */
  answered = 0;

  /** `timeout` and `failed` word the reasons a waiting request is failed with. */
  constructor(
    private readonly file: string,
    private readonly timeoutMs: number,
    private readonly words: { timeout: string; failed: (why: string) => string },
  ) {}

  call(req: Req): Promise<Res> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // A worker stuck on one request is replaced; what waited behind it fails the same way.
      const timer = setTimeout(() => this.fail(this.words.timeout), this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ id, req });
    });
  }

  /** Fails what waits with `why` and ends the worker. */
  close(why: string): void {
    this.fail(why);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.file);
    w.unref();
    w.on('message', (m: WorkerAnswer<Res>) => {
      const waiting = this.waiting.get(m.id);
      if (!waiting) return;
      this.waiting.delete(m.id);
      clearTimeout(waiting.timer);
      this.answered += 1;
      if (m.error === undefined) waiting.resolve(m.result as Res);
      else waiting.reject(new Error(m.error));
    });
    w.on('error', (err) => this.fail(this.words.failed(err.message)));
    w.on('exit', () => {
      if (this.worker === w) this.fail(this.words.failed('its thread exited'));
    });
    this.worker = w;
    return w;
  }

  private fail(why: string): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(why));
      this.waiting.delete(id);
    }
  }
}
