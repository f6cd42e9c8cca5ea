// The direct probe on a worker thread, for a live model (serve, Electron, watch): with a hundred pods one probe is
// 100-250 ms of synchronous /proc and /sys reads, and an engine event arriving meanwhile (a killed container) waited for
// it before its push. A connection with a thread registered probes there; without a built worker file (tests running the
// TypeScript sources) or for a request carrying reads already started (a launch's TCP tables), it probes in-process.
import type { EngineConnection } from '../docker';
import type { ProbeFacts, ProbeRequest } from './types';
import { WorkerCalls, builtWorkerFile } from '../worker-calls';

/** A probe that has not answered in this long is given up (its facts come back empty, with the reason). */
const PROBE_TIMEOUT_MS = 30_000;

export class ProbeThread {
  private readonly calls: WorkerCalls<ProbeRequest, ProbeFacts>;

  constructor(file: string) {
    this.calls = new WorkerCalls(file, PROBE_TIMEOUT_MS, {
      timeout: `the probe thread did not answer within ${PROBE_TIMEOUT_MS / 1000} s`,
      failed: (why) => `the probe thread failed: ${why}`,
    });
  }

  /** Probes this thread has answered (tests check that a live model's probes ran here). */
  get answered(): number {
    return this.calls.answered;
  }

  /**
   * Whether `req` can be probed there: not when it carries reads a caller started early (a launch's TCP tables, the
   * host's interfaces) — promises do not cross threads, and their caller wants them used, not read again.
   */
  takes(req: ProbeRequest): boolean {
    const pending = (v: unknown): boolean => v instanceof Promise || (v instanceof Map && [...(v as Map<unknown, unknown>).values()].some((x) => x instanceof Promise));
    return !Object.values(req).some(pending);
  }

  /** The direct probe's facts for `req` (one it takes()), read on the worker thread (started on first use). */
  run(req: ProbeRequest): Promise<ProbeFacts> {
    return this.calls.call(req);
  }

  close(): void {
    this.calls.close('podlab is shutting down');
  }
}

const threads = new WeakMap<EngineConnection, ProbeThread>();

/** The thread this connection's direct probes run on, if one was registered. */
export function probeThreadOf(conn: EngineConnection): ProbeThread | undefined {
  return threads.get(conn);
}

/** Registers a probe thread for a connection (when a built worker exists); returns what ends it. */
export function useProbeThread(conn: EngineConnection, file: string | null = builtWorkerFile('probe-worker')): () => void {
  if (!file || threads.has(conn)) return () => undefined;
  const thread = new ProbeThread(file);
  threads.set(conn, thread);
  return () => {
    if (threads.get(conn) === thread) threads.delete(conn);
    thread.close();
  };
}
