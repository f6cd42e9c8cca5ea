// Who may talk to `podlab serve`: the per-start token, the Host header (no DNS rebinding) and the WebSocket Origin
// (no cross-site WebSocket). Pure checks, unit-tested in tests/unit/serve-auth.test.ts.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Host header values accepted for a server bound to `bindHost:port`. */
export function allowedHosts(bindHost: string, port: number, extraNames: string[] = []): Set<string> {
  const names = new Set<string>(['127.0.0.1', 'localhost', '[::1]', ...extraNames]);
  if (!isLoopback(bindHost) && bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}

export function hostAllowed(allowed: Set<string>, hostHeader: string | undefined): boolean {
  return !!hostHeader && allowed.has(hostHeader.toLowerCase());
}

/** A WebSocket Origin must be this very server as the page saw it: http://<the Host header>. */
export function originAllowed(allowed: Set<string>, hostHeader: string | undefined, origin: string | undefined): boolean {
  if (!origin || !hostAllowed(allowed, hostHeader)) return false;
  return origin.toLowerCase() === `http://${(hostHeader ?? '').toLowerCase()}`;
}

/**
 * The cookie that lets the page load its assets. A browser sends 127.0.0.1 cookies to every local port, so the name
 * carries the port (two serves never mix) and the value is derived from the token, not the token: another local
 * service that receives it cannot open podlab's WebSocket, which needs the token itself.
 */
export function cookieName(port: number): string {
  return `podlab_token_${port}`;
}

export function cookieSecret(token: string, port: number): string {
  return createHash('sha256').update(`podlab-asset-cookie:${port}:${token}`).digest('base64url');
}

export function setCookieHeader(token: string, port: number): string {
  return `${cookieName(port)}=${cookieSecret(token, port)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Reads the cookie `name` from a cookie header (set when the page was opened with ?token=). */
export function cookieToken(cookie: string | undefined, name: string): string | null {
  for (const part of (cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
