// The probe worker thread's entry (built to out/cli/probe-worker.cjs and out/main/probe-worker.js): runs the direct
// probe for each request it is sent and posts the facts back (probe/thread.ts), so its synchronous /proc and /sys
// reads never block the event loop of a live front end.
import { parentPort } from 'node:worker_threads';
import { probeDirect } from './direct';
import type { ProbeRequest } from './types';

parentPort?.on('message', (msg: { id: number; req: ProbeRequest }) => {
  probeDirect(msg.req).then(
    (facts) => parentPort?.postMessage({ id: msg.id, result: facts }),
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
