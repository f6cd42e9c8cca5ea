// `podlab serve`: serves the built renderer (out/renderer) and the PodlabApi over a WebSocket on 127.0.0.1 by
// default. Every request needs the per-start token; Host and Origin are checked; inputs go through the contract.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { allowedHosts, cookieName, cookieSecret, cookieToken, hostAllowed, isLoopback, newToken, originAllowed, setCookieHeader, tokenMatches } from './auth';
import { attachClient, CLIENT_LIMITS } from './client';
import { EngineSession } from '../engine/session';
import { TerminalHub } from '../engine/terminals';
import type { ClientPush } from '../../shared/contract';
import { loadConfig } from '../engine/config';
import { CSP } from '../../shared/csp';

export interface ServeOptions {
  host?: string;
  port?: number;
  rendererDir?: string;
  token?: string;
  env?: NodeJS.ProcessEnv;
  /** Terminals/exec/debug beyond loopback (serve --allow-exec); always on for a loopback host. */
  allowExec?: boolean;
}

export interface RunningServer {
  url: string;
  token: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Finds out/renderer next to the bundled CLI (out/cli) or in the working tree. */
export function findRendererDir(configured: string | null): string | null {
  const candidates = [
    configured,
    fileURLToPath(new URL('../renderer', import.meta.url)),
    fileURLToPath(new URL('../../out/renderer', import.meta.url)),
    join(process.cwd(), 'out/renderer'),
  ];
  for (const c of candidates) if (c && existsSync(join(c, 'index.html'))) return resolve(c);
  return null;
}

export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  // `podlab serve` is an entry point: its configuration is loaded (and checked) once, here.
  const env = opts.env ?? process.env;
  const config = loadConfig(env);
  const rendererDir = opts.rendererDir ?? findRendererDir(config.rendererDir);
  if (!rendererDir) throw new Error('The UI is not built: run `npm run build` first (out/renderer/index.html is missing).');
  const token = opts.token ?? newToken();
  // Switching the session to another runtime socket is, like exec, for loopback or a deliberate --allow-exec.
  const session = new EngineSession(env, config, { runtimeSwitch: isLoopback(host) || opts.allowExec === true });
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(opts.port ?? 0, host, () => ok());
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const extra = isLoopback(host) ? [] : localAddresses();
  const allowed = allowedHosts(host, port, extra);

  http.on('request', (req, res) => {
    try {
      handleHttp(req, res, { allowed, token, rendererDir, port });
    } catch {
      // e.g. a malformed %-escape in the path: refuse the request, keep serving
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('bad request\n');
    }
  });
  http.on('upgrade', (req, socket, head) => {
    const refuse = (code: number, why: string): void => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    // Anyone who can reach the port can send this; nothing in it may throw past here (e.g. `GET //[` is no URL).
    try {
      if (!hostAllowed(allowed, req.headers.host)) return refuse(403, 'Forbidden Host');
      const url = requestUrl(req.url);
      if (!url) return refuse(400, 'Bad Request');
      if (url.pathname !== '/ws') return refuse(404, 'Not Found');
      const given = url.searchParams.get('token');
      if (!given) return refuse(401, 'Token Required');
      if (!tokenMatches(token, given)) return refuse(403, 'Wrong Token');
      if (!originAllowed(allowed, req.headers.host, req.headers.origin)) return refuse(403, 'Forbidden Origin');
      const allowExec = isLoopback(host) || opts.allowExec === true;
      const terminals = (push: (ev: ClientPush) => void): TerminalHub => new TerminalHub(() => session.connection(), push, allowExec);
      wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, session, CLIENT_LIMITS, (line) => process.stderr.write(line + '\n'), terminals));
    } catch {
      if (!socket.destroyed) refuse(400, 'Bad Request');
    }
  });
  // CONNECT (a proxy request) is not for podlab; without this listener Node would just drop the socket.
  http.on('connect', (_req, socket) => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  // A request line or header that Node's parser refuses: answer 400 and keep serving.
  http.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  session.start();
  // Bound to every address: print a reachable one (the first non-loopback IPv4), never 0.0.0.0.
  const wildcard = host === '0.0.0.0' || host === '::';
  const lan = extra.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && !a.startsWith('127.'));
  const shownHost = isLoopback(host) ? '127.0.0.1' : wildcard ? (lan ?? '127.0.0.1') : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    host,
    port,
    close: () => closeAll(http, wss, session),
  };
}

function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: { allowed: Set<string>; token: string; rendererDir: string; port: number }): void {
  const deny = (code: number, text: string): void => {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end(text + '\n');
  };
  if (!hostAllowed(ctx.allowed, req.headers.host)) return deny(403, 'podlab serve: this Host is not allowed (DNS rebinding protection).');
  if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'podlab serve: only GET.');
  const url = requestUrl(req.url);
  if (!url) return deny(400, 'podlab serve: this request target is not a URL path.');
  const given = url.searchParams.get('token');
  const cookie = cookieToken(req.headers.cookie, cookieName(ctx.port));
  if (!given && !cookie) return deny(401, 'podlab serve: open the URL printed by `podlab serve`, including its ?token=… part.');
  const ok = given ? tokenMatches(ctx.token, given) : tokenMatches(cookieSecret(ctx.token, ctx.port), cookie);
  if (!ok) return deny(403, 'podlab serve: wrong token. Use the URL printed by this run of `podlab serve`.');
  const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = normalize(join(ctx.rendererDir, rel));
  if (!file.startsWith(ctx.rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) return deny(404, 'not found');
  const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS };
  if (given) headers['Set-Cookie'] = setCookieHeader(ctx.token, ctx.port);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
}

/** The request target as a URL, or null when it is none (the caller answers 400). */
function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://x');
  } catch {
    return null;
  }
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((l) => l ?? [])
    .map((i) => (i.family === 'IPv6' ? `[${i.address}]` : i.address));
}

async function closeAll(http: Server, wss: WebSocketServer, session: EngineSession): Promise<void> {
  const closed = session.close();
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((ok) => wss.close(() => ok()));
  http.closeAllConnections();
  await new Promise<void>((ok) => http.close(() => ok()));
  await closed;
}
