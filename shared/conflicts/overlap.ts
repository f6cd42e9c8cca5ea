// The socket-overlap rule of one network namespace: which bound sockets keep another bind from succeeding.
// Protocol is part of the key (80/tcp and 80/udp coexist); a wildcard address overlaps every specific one.
import type { ListeningSocket, Protocol } from '../model';

export interface SocketKey {
  protocol: Protocol;
  /** 0.0.0.0, ::, 127.0.0.1, ::1, 10.0.0.5 … ; null means "any" (the bind address is unknown). */
  address: string | null;
  port: number;
}

/** tcp6 → tcp, udp6 → udp: the family does not matter for the conflict key, the protocol does. */
export function protocolKey(p: ListeningSocket['protocol'] | Protocol): Protocol {
  return p.startsWith('udp') ? 'udp' : 'tcp';
}

function isWildcard(address: string | null): boolean {
  return address == null || address === '' || address === '0.0.0.0' || address === '::' || address === '*';
}

function isV6(address: string): boolean {
  return address.includes(':') && !address.startsWith('::ffff:');
}

/** Normalizes IPv4-mapped IPv6 (::ffff:127.0.0.1) to plain IPv4. */
function plain(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * True when a socket bound to `a` keeps a bind to `b` from succeeding (and vice versa).
 * Linux: same protocol and port, and either address is a wildcard or both are the same address.
 * 0.0.0.0 vs a specific IPv6 address is not a conflict, but :: (dual-stack) vs 127.0.0.1 is.
 */
export function socketsOverlap(a: SocketKey, b: SocketKey): boolean {
  if (a.protocol !== b.protocol || a.port !== b.port) return false;
  if (a.address == null || b.address == null) return true;
  const x = plain(a.address);
  const y = plain(b.address);
  if (x === y) return true;
  if (x === '::' || y === '::') return true;
  if (x === '0.0.0.0') return !isV6(y) || isWildcard(y);
  if (y === '0.0.0.0') return !isV6(x) || isWildcard(x);
  return false;
}

/** The listening sockets (from the pod's kernel socket table) that a bind to `want` would collide with. */
export function holdersOf(listening: ListeningSocket[], want: SocketKey): ListeningSocket[] {
  return listening.filter((s) => socketsOverlap({ protocol: protocolKey(s.protocol), address: s.address, port: s.port }, want));
}
