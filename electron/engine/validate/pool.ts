// Manifest parsing off the event loop for front ends that serve many clients (`serve`, Electron): one worker thread,
// started on first use, answers in order; a text that takes longer than PARSE_TIMEOUT_MS is refused and the worker is
// replaced. Where no built worker file exists (tests running the TypeScript sources), it parses in-process.
import { parseManifest } from '../../../shared/manifest/parse';
import type { ParseResult } from '../../../shared/manifest/types';
import { WorkerCalls, builtWorkerFile } from '../worker-calls';

export const PARSE_TIMEOUT_MS = 10_000;

/** The built parser worker (validate-worker.cjs / .js), or null. */
export function workerFile(): string | null {
  return builtWorkerFile('validate-worker');
}

export class ManifestParserPool {
  private readonly calls: WorkerCalls<string, ParseResult> | null;

  constructor(
    private readonly file: string | null = workerFile(),
    timeoutMs = PARSE_TIMEOUT_MS,
  ) {
    this.calls = file
      ? new WorkerCalls(file, timeoutMs, {
          timeout: `podlab could not check this manifest within ${timeoutMs / 1000} s — make it smaller or simpler`,
          failed: (why) => `checking the manifest failed: ${why}`,
        })
      : null;
  }

  /** True when parsing really runs on another thread. */
  get offThread(): boolean {
    return this.file !== null;
  }

  parse(text: string): Promise<ParseResult> {
    if (!this.calls) return Promise.resolve(parseManifest(text));
    return this.calls.call(text).catch((err: unknown) => ({ ok: false, errors: [{ path: '', message: err instanceof Error ? err.message : String(err) }], warnings: [] }));
  }

  close(): void {
    this.calls?.close('podlab is shutting down; the manifest was not checked');
  }
}
