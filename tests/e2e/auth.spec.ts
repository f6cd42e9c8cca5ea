// `podlab serve` refuses what it should, seen from outside: no token, a wrong token, a foreign Host header
// (DNS rebinding), and a WebSocket from another origin; the real page with its token works.
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { startServe, type Served } from './serve-fixture';

let served: Served;
test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
});

function status(path: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: served.port, path, headers: host ? { Host: host } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function wsStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: origin ? { Origin: origin } : {} });
    const t = setTimeout(() => resolve(-1), 5000);
    ws.on('open', () => {
      clearTimeout(t);
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_q, res) => {
      clearTimeout(t);
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', () => undefined);
  });
}

test('HTTP: 401 without token, 403 with a wrong one or a foreign Host, 200 with the printed URL', async () => {
  expect(await status('/')).toBe(401);
  expect(await status('/?token=wrong')).toBe(403);
  expect(await status(`/?token=${served.token}`, `attacker.example:${served.port}`)).toBe(403);
  expect(await status(`/?token=${served.token}`)).toBe(200);
});

test('WebSocket: refused without token, with a wrong token, cross-origin; accepted same-origin', async () => {
  const ws = `ws://127.0.0.1:${served.port}/ws`;
  expect(await wsStatus(ws, served.origin)).toBe(401);
  expect(await wsStatus(`${ws}?token=wrong`, served.origin)).toBe(403);
  expect(await wsStatus(`${ws}?token=${served.token}`, 'http://attacker.example')).toBe(403);
  expect(await wsStatus(`${ws}?token=${served.token}`, served.origin)).toBe(101);
});

test('a page from another origin cannot open the WebSocket even with the token', async ({ page }) => {
  // Serve a page on a different origin (localhost vs 127.0.0.1 is a different origin) via routing.
  await page.route('http://other.test/', (r) => r.fulfill({ contentType: 'text/html', body: '<title>other</title>' }));
  await page.goto('http://other.test/');
  const result = await page.evaluate(async (url) => {
    return new Promise<string>((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
      setTimeout(() => resolve('timeout'), 5000);
    });
  }, `ws://127.0.0.1:${served.port}/ws?token=${served.token}`);
  expect(result).toBe('refused');
});

test('the page loads with the token and keeps it out of the Referer', async ({ page }) => {
  const res = await page.goto(served.url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.getByTestId('connection')).toBeVisible();
});
