// Manifest parsing off the event loop for front ends that serve many clients (`serve`, Electron): one worker thread,
// started on first use, answers in order; a text that takes longer than PARSE_TIMEOUT_MS is refused and the worker is
// replaced. Where no built worker file exists (tests running the TypeScript sources), it parses in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseManifest } from '../../../shared/manifest/parse';
import type { ParseResult } from '../../../shared/manifest/types';

export const PARSE_TIMEOUT_MS = 10_000;

/** The built worker beside this bundle (out/cli/*.cjs → validate-worker.cjs; out/main/*.js → validate-worker.js). */
export function workerFile(here: string = import.meta.url): string | null {
  const candidates = ['./validate-worker.cjs', './validate-worker.js', '../../../out/cli/validate-worker.cjs'].map((rel) => fileURLToPath(new URL(rel, here)));
  return candidates.find((f) => existsSync(f)) ?? null;
}

interface Waiting {
  resolve: (r: ParseResult) => void;
  timer: NodeJS.Timeout;
}

export class ManifestParserPool {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly file: string | null = workerFile(),
    private readonly timeoutMs = PARSE_TIMEOUT_MS,
  ) {}

  /** True when parsing really runs on another thread. */
  get offThread(): boolean {
    return this.file !== null;
  }

  parse(text: string): Promise<ParseResult> {
    if (!this.file) return Promise.resolve(parseManifest(text));
    const worker = this.start(this.file);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // The worker is stuck on this text: replace it; what waited behind it is answered the same way.
        this.fail(`podlab could not check this manifest within ${this.timeoutMs / 1000} s — make it smaller or simpler`);
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, timer });
      worker.postMessage({ id, text });
    });
  }

  close(): void {
    this.fail('podlab is shutting down; the manifest was not checked');
  }

  private start(file: string): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(file);
    w.unref(); // an idle parser never keeps podlab running
    w.on('message', (m: { id: number; result: ParseResult }) => {
      const waiting = this.waiting.get(m.id);
      if (!waiting) return;
      this.waiting.delete(m.id);
      clearTimeout(waiting.timer);
      waiting.resolve(m.result);
    });
    w.on('error', (err) => this.fail(`checking the manifest failed: ${err.message}`));
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
    });
    this.worker = w;
    return w;
  }

  private fail(message: string): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve({ ok: false, errors: [{ path: '', message }], warnings: [] });
      this.waiting.delete(id);
    }
  }
}
