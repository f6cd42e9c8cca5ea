// The exec fast path (out/native/podlab-exec) against engine answers it must not trust: malformed, oversized, too
// deep, cut off, refused, forged. A small server on a private unix socket plays the engine (DOCKER_HOST=unix://…).
// For each, the fast path must hand over to the Node path before doing anything: the same exit code and message as
// PODLAB_EXEC_NATIVE=0, and without node on PATH it cannot answer at all (so it neither crashed nor made one up).
import { spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, podlab, tempDir } from './helpers';

const tmp = tempDir();
const sock = join(tmp.dir, 'engine.sock');
let server: Server;
let answer = (): string => '';

const http = (status: string, body: string, extra = ''): string => `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
const uid = '0123abcd-0000-4000-8000-000000000000';
const forged = JSON.stringify([
  // podlab's labels, but not the cri-dockerd name they give: podlab never uses it.
  { Id: 'a'.repeat(64), Names: ['/not-a-podlab-name'], State: 'running', Created: 1, Labels: { 'io.podlab.pod': 'x11-fake', 'io.podlab.role': 'app', 'io.podlab.container': 'web', 'io.podlab.uid': uid, 'io.podlab.attempt': '0' } },
]);

const ANSWERS: Record<string, () => string> = {
  malformed: () => http('200 OK', '[{"Id": "abc", '),
  oversized: () => http('200 OK', `[{"Labels":{"x":"${'a'.repeat(9 << 20)}"}}]`),
  deep: () => http('200 OK', `${'['.repeat(100)}${']'.repeat(100)}`),
  refused: () => http('500 Internal Server Error', '{"message":"x11: the engine refuses"}'),
  cut: () => 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"Id":',
  badChunks: () => 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n',
  forged: () => http('200 OK', forged),
};

beforeAll(async () => {
  ensureCliBuilt();
  server = createServer((c: Socket) => {
    let head = '';
    c.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      // One answer per request, then the connection closes (bounded: requests here have no body to wait for).
      if (head.includes('\r\n\r\n')) c.end(answer());
    });
    c.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  tmp.remove();
});

const hasCc = spawnSync('sh', ['-c', 'command -v "${CC:-cc}"']).status === 0;

describe.runIf(hasCc)('the exec fast path against answers it must not trust', () => {
  it.each(Object.keys(ANSWERS))('%s: handed to the Node path unchanged', async (name) => {
    answer = ANSWERS[name]!;
    const args = ['exec', 'x11-fake', '-c', 'web', '--', 'true'];
    const env = { DOCKER_HOST: `unix://${sock}` };
    const native = await podlab(args, { env, timeoutMs: 60_000 });
    const node = await podlab(args, { env: { ...env, PODLAB_EXEC_NATIVE: '0' }, timeoutMs: 60_000 });
    const alone = await podlab(args, { env: { ...env, PATH: '/nonexistent-x11' }, timeoutMs: 60_000 });
    expect(node.code).not.toBe(0);
    expect({ code: native.code, stdout: native.stdout, stderr: native.stderr }).toEqual({ code: node.code, stdout: node.stdout, stderr: node.stderr });
    expect(alone).toMatchObject({ code: 127, stdout: '' });
    expect(alone.stderr).toMatch(/^podlab: cannot run node/);
  });
});
