// The manifest worker thread's entry (built to out/cli/validate-worker.cjs and out/main/validate-worker.js): parses
// each text it is sent with the shared parser and posts the result back, so a slow manifest never blocks serve's or
// Electron's event loop.
import { parentPort } from 'node:worker_threads';
import { parseManifest } from '../../../shared/manifest/parse';

parentPort?.on('message', (msg: { id: number; req: string }) => {
  parentPort?.postMessage({ id: msg.id, result: parseManifest(msg.req) });
});
