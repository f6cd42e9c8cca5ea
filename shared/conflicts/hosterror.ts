// Parses the engine's error when a sandbox cannot publish its hostPort; the wording differs by Docker version
// and by who holds the port (another container: "port is already allocated"; a host process: "bind: address in use").
import type { Protocol } from '../model';

export interface HostPortFailure {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
  /** 'allocated': Docker itself gave the port to another container; 'in-use': something else bound it. */
  cause: 'allocated' | 'in-use';
}

const PATTERNS: { re: RegExp; cause: HostPortFailure['cause'] }[] = [
  // "Bind for 0.0.0.0:8080 failed: port is already allocated" (alone or after "driver failed programming ...")
  { re: /Bind for (\[[^\]]+\]|[^\s]+):(\d{1,5}) failed: port is already allocated/i, cause: 'allocated' },
  // "ports are not available: exposing port TCP 0.0.0.0:8080 -> 0.0.0.0:0: listen tcp 0.0.0.0:8080: bind: ..."
  { re: /exposing port (TCP|UDP) (\[[^\]]+\]|[^\s]+):(\d{1,5})/i, cause: 'in-use' },
  // "Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind: address already in use"
  { re: /listen (tcp|udp)[46]? (\[[^\]]+\]|[^\s]+):(\d{1,5}): bind: address already in use/i, cause: 'in-use' },
];

function unbracket(ip: string): string {
  const t = ip.replace(/^\[|\]$/g, '');
  return t === '' ? '0.0.0.0' : t;
}

/** Recognizes a hostPort failure in an engine error message; null when the message is about something else. */
export function parseHostPortError(message: string): HostPortFailure | null {
  const allocated = PATTERNS[0]!.re.exec(message);
  if (allocated) {
    return { hostIp: unbracket(allocated[1]!), hostPort: Number(allocated[2]), protocol: guessProtocol(message), cause: 'allocated' };
  }
  for (const { re, cause } of PATTERNS.slice(1)) {
    const m = re.exec(message);
    if (m) return { hostIp: unbracket(m[2]!), hostPort: Number(m[3]), protocol: m[1]!.toLowerCase().startsWith('udp') ? 'udp' : 'tcp', cause };
  }
  if (/address already in use|port is already allocated|ports are not available/i.test(message)) {
    const port = /:(\d{1,5})\b/.exec(message);
    if (port) return { hostIp: '0.0.0.0', hostPort: Number(port[1]), protocol: guessProtocol(message), cause: 'in-use' };
  }
  return null;
}

/** "port is already allocated" does not say the protocol; a "/udp" or " udp " mention does. */
function guessProtocol(message: string): Protocol {
  return /\budp\b|\/udp/i.test(message) ? 'udp' : 'tcp';
}
