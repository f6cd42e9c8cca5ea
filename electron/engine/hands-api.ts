// The hands-on part of the engine as front ends (the CLI's exec/logs/debug/prove) use it: connect, find the
// container, run, attach — the internals stay in hands/ and runtime/. exec's own part is exec-api.ts.
import type { Readable } from 'node:stream';

export { connectForHands, execIn, HandsError, isUnreachable, describeError, type AttachedSession, type EngineConnection } from './exec-api';
export { choicesOf } from './hands/target';
export { openLogs, type LogSource, type LogsOptions } from './hands/logs';
export { startDebug, type DebugOptions } from './hands/debug';
export { provePod } from './hands/prove';

/** Waits until both streams of a log or session have ended. */
export function bothEnded(a: Readable, b: Readable): Promise<unknown> {
  return Promise.all([new Promise((r) => a.on('end', r)), new Promise((r) => b.on('end', r))]);
}
