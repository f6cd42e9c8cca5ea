// A Docker engine played by a small HTTP server on a unix socket, for unit tests of how podlab talks to the engine:
// started before the file's tests, closed (socket and folder removed) after them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** `host`: its DOCKER_HOST. `handle` answers each request (JSON content type already set). */
export function fakeEngine(handle: (req: IncomingMessage, res: ServerResponse) => void): { host: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-fake-engine-'));
  const sock = join(dir, 'engine.sock');
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    handle(req, res);
  });
  beforeAll(() => new Promise<void>((r) => server.listen(sock, r)));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });
  return { host: `unix://${sock}`, dir };
}
