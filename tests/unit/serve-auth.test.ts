// `podlab serve` refuses what it should: no token, wrong token, a foreign Host header (DNS rebinding), a
// cross-site WebSocket — and lets the real page in. Runs a real server against a socket where no engine answers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { allowedHosts, cookieName, cookieSecret, cookieToken, hostAllowed, originAllowed, tokenMatches } from '../../electron/serve/auth';
import { startServer, type RunningServer } from '../../electron/serve/server';

describe('serve auth checks (pure)', () => {
  const allowed = allowedHosts('127.0.0.1', 4000);
  it('accepts only loopback Host forms with the right port', () => {
    expect(hostAllowed(allowed, '127.0.0.1:4000')).toBe(true);
    expect(hostAllowed(allowed, 'LOCALHOST:4000')).toBe(true);
    expect(hostAllowed(allowed, '[::1]:4000')).toBe(true);
    expect(hostAllowed(allowed, 'evil.example:4000')).toBe(false);
    expect(hostAllowed(allowed, '127.0.0.1:4001')).toBe(false);
    expect(hostAllowed(allowed, undefined)).toBe(false);
  });
  it('with --host, adds the chosen host or the machine\'s addresses, never the wildcard itself', () => {
    const lan = allowedHosts('0.0.0.0', 80, ['192.0.2.2']);
    expect(hostAllowed(lan, '192.0.2.2:80')).toBe(true);
    expect(hostAllowed(lan, '0.0.0.0:80')).toBe(false);
    expect(hostAllowed(lan, 'evil.example:80')).toBe(false);
    expect(hostAllowed(allowedHosts('lab.example', 80), 'lab.example:80')).toBe(true);
  });
  it('accepts only a same-origin WebSocket', () => {
    expect(originAllowed(allowed, '127.0.0.1:4000', 'http://127.0.0.1:4000')).toBe(true);
    expect(originAllowed(allowed, '127.0.0.1:4000', 'http://localhost:4000')).toBe(false);
    expect(originAllowed(allowed, '127.0.0.1:4000', 'https://evil.example')).toBe(false);
    expect(originAllowed(allowed, '127.0.0.1:4000', undefined)).toBe(false);
  });
  it('compares tokens exactly and reads the cookie', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
    expect(cookieToken('a=1; podlab_token_4000=xyz=; b=2', cookieName(4000))).toBe('xyz=');
    expect(cookieToken('podlab_token_4001=xyz', cookieName(4000))).toBeNull();
  });
});

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsOpen(url: string, headers: Record<string, string>): Promise<{ ok: boolean; status?: number; first?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    const t = setTimeout(() => resolve({ ok: false, status: -1 }), 5000);
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(t);
      resolve({ ok: false, status: res.statusCode });
    });
    ws.on('message', (d) => {
      clearTimeout(t);
      ws.close();
      resolve({ ok: true, first: String(d) });
    });
    ws.on('error', () => undefined);
  });
}

describe('serve over HTTP and WebSocket', () => {
  let dir = '';
  let srv: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'h4-serve-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>podlab test</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    srv = await startServer({ rendererDir: dir, env: { DOCKER_HOST: `unix://${join(dir, 'nothing.sock')}` } });
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const host = (): Record<string, string> => ({ Host: `127.0.0.1:${srv.port}` });

  it('prints a loopback URL with the token', () => {
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}/?token=${srv.token}`);
    expect(srv.token.length).toBeGreaterThanOrEqual(32);
  });
  it('401 without token, 403 with a wrong one, 200 with the right one (and a cookie for assets)', async () => {
    expect((await get(srv.port, '/', host())).status).toBe(401);
    expect((await get(srv.port, '/?token=nope', host())).status).toBe(403);
    const ok = await get(srv.port, `/?token=${srv.token}`, host());
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('podlab test');
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toBe(`podlab_token_${srv.port}=${cookieSecret(srv.token, srv.port)}; HttpOnly; SameSite=Strict; Path=/`);
    expect(setCookie).not.toContain(srv.token); // a cookie other local ports receive cannot open the WebSocket
    expect(String(ok.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await get(srv.port, '/app.js', host())).status).toBe(401);
    expect((await get(srv.port, '/app.js', { ...host(), Cookie: `podlab_token_${srv.port}=${cookieSecret(srv.token, srv.port)}` })).status).toBe(200);
    // Another port's cookie, the bare token as cookie, or the old unscoped name do not open assets.
    expect((await get(srv.port, '/app.js', { ...host(), Cookie: `podlab_token_${srv.port + 1}=${cookieSecret(srv.token, srv.port)}` })).status).toBe(401);
    expect((await get(srv.port, '/app.js', { ...host(), Cookie: `podlab_token_${srv.port}=${srv.token}` })).status).toBe(403);
    expect((await get(srv.port, '/app.js', { ...host(), Cookie: `podlab_token=${srv.token}` })).status).toBe(401);
    // The cookie's value is no WebSocket token.
    expect(await wsOpen(`ws://127.0.0.1:${srv.port}/ws?token=${cookieSecret(srv.token, srv.port)}`, { Origin: `http://127.0.0.1:${srv.port}` })).toMatchObject({ ok: false, status: 403 });
  });
  it('403 for a foreign Host header even with the token (DNS rebinding)', async () => {
    expect((await get(srv.port, `/?token=${srv.token}`, { Host: `rebind.example:${srv.port}` })).status).toBe(403);
  });
  it('answers a malformed path with 400 and keeps serving', async () => {
    expect((await get(srv.port, `/%E0%A4%A?token=${srv.token}`, host())).status).toBe(400);
    expect((await get(srv.port, `/?token=${srv.token}`, host())).status).toBe(200);
  });
  it('does not serve files outside the renderer directory', async () => {
    const r = await get(srv.port, `/..%2f..%2fetc%2fpasswd?token=${srv.token}`, host());
    expect(r.status).toBe(404);
  });
  it('refuses WebSockets without token, with a wrong token, from another origin; accepts same-origin and pushes no-engine', async () => {
    const base = `ws://127.0.0.1:${srv.port}/ws`;
    const origin = `http://127.0.0.1:${srv.port}`;
    expect(await wsOpen(base, { Origin: origin })).toMatchObject({ ok: false, status: 401 });
    expect(await wsOpen(`${base}?token=bad`, { Origin: origin })).toMatchObject({ ok: false, status: 403 });
    expect(await wsOpen(`${base}?token=${srv.token}`, { Origin: 'https://evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(await wsOpen(`${base}?token=${srv.token}`, {})).toMatchObject({ ok: false, status: 403 });
    const good = await wsOpen(`${base}?token=${srv.token}`, { Origin: origin });
    expect(good.ok).toBe(true);
    const msg = JSON.parse(good.first ?? '{}') as { kind: string; event: { type: string; tried: { endpoint: string }[] } };
    expect(msg.kind).toBe('push');
    expect(msg.event.type).toBe('no-engine');
    expect(msg.event.tried[0]?.endpoint).toContain('nothing.sock');
  });
});
