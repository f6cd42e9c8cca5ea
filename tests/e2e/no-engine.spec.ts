// The no-engine screen without touching the shared dockerd: a second `podlab serve` points DOCKER_HOST at a unix
// socket this test controls. First nothing listens there (no-engine screen, what was tried); then a tiny proxy
// forwards that socket to /var/run/docker.sock and the app recovers by itself, without reload.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve-fixture';

let dir = '';
let served: Served | undefined;
let proxy: Server | undefined;
const sockets = new Set<Socket>();

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'h4-noengine-'));
});
test.afterAll(async () => {
  await served?.stop();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function startProxy(path: string): Promise<Server> {
  const srv = createServer((client) => {
    const upstream = createConnection('/var/run/docker.sock');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) => srv.listen(path, () => resolve(srv)));
}

test('no engine: shows what was tried and how to fix it, then recovers by itself when the engine answers', async ({ page }) => {
  const sock = join(dir, 'docker.sock');
  served = await startServe({ DOCKER_HOST: `unix://${sock}` });
  await page.goto(served.url);
  const screen = page.getByTestId('no-engine');
  await expect(screen).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'no-engine');
  await expect(page.getByTestId('tried')).toContainText(sock);
  await expect(screen).toContainText('DOCKER_HOST');
  await expect(screen).toContainText(/retrying by itself/i);

  proxy = await startProxy(sock);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(screen).toHaveCount(0);
  await expect(page.getByTestId('engine-endpoint')).toHaveText(`unix://${sock}`);
  await expect(page.getByTestId('topology')).toBeVisible();

  // The engine goes away after a connection: "reconnecting" (not the no-engine screen), then it resyncs by itself.
  await new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    proxy?.close(() => resolve());
  });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting', { timeout: 20_000 });
  await expect(page.getByTestId('reconnecting')).toBeVisible();
  proxy = await startProxy(sock);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('reconnecting')).toHaveCount(0);
});
