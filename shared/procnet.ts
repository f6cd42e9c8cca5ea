// Pure parsers for what the kernel tells about a network namespace: /proc/<pid>/net/{tcp,tcp6,udp,udp6},
// fib_trie, route and if_inet6, and ns links like "net:[4026532184]". Used by the direct and the helper probe.

export type SocketFamily = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface SocketEntry {
  protocol: SocketFamily;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Kernel state number: 0x0A = TCP LISTEN, 0x07 = TCP_CLOSE (an unconnected UDP socket). */
  state: number;
  uid: number;
  inode: number;
}

export const TCP_LISTEN = 0x0a;
export const TCP_CLOSE = 0x07;

/** Decodes an IPv4 address as /proc/net/tcp writes it: 8 hex digits of the address in host (little-endian) byte order. */
export function decodeIpv4(hex: string, littleEndian = true): string {
  if (!HEX8.test(hex)) throw new Error(`not an IPv4 hex address: ${hex}`);
  const b = wordBytes(hex, 0, littleEndian);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

const HEX8 = /^[0-9A-Fa-f]{8}$/;
const HEX32 = /^[0-9A-Fa-f]{32}$/;
/** Every listening socket's remote address, and many a local one: decoded without the work below. */
const ZERO32 = '0'.repeat(32);

/** The four bytes of the 32-bit word written as 8 hex digits at `at`, in address order. */
function wordBytes(hex: string, at: number, littleEndian: boolean): [number, number, number, number] {
  const n = parseInt(hex.slice(at, at + 8), 16);
  const b: [number, number, number, number] = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return littleEndian ? [b[3], b[2], b[1], b[0]] : b;
}

/** Decodes an IPv6 address from /proc/net/tcp6: four 32-bit words, each in host byte order. IPv4-mapped → ::ffff:a.b.c.d. */
export function decodeIpv6(hex: string, littleEndian = true): string {
  if (hex === ZERO32) return '::';
  if (!HEX32.test(hex)) throw new Error(`not an IPv6 hex address: ${hex}`);
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) bytes.push(...wordBytes(hex, w * 8, littleEndian));
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  return compressIpv6(groups);
}

/** RFC 5952 text form: lowercase, the longest run (≥2) of zero groups becomes "::". */
export function compressIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Parses one /proc/net/{tcp,tcp6,udp,udp6} table. Lines that do not parse are skipped. */
export function parseSocketTable(text: string, protocol: SocketFamily, littleEndian = true): SocketEntry[] {
  const v6 = protocol.endsWith('6');
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, st] = [f[1], f[2], f[3]];
    const [la, lp] = local.split(':');
    const [ra, rp] = remote.split(':');
    if (!la || !lp || !ra || !rp) continue;
    try {
      out.push({
        protocol,
        localAddress: v6 ? decodeIpv6(la, littleEndian) : decodeIpv4(la, littleEndian),
        localPort: parseInt(lp, 16),
        remoteAddress: v6 ? decodeIpv6(ra, littleEndian) : decodeIpv4(ra, littleEndian),
        remotePort: parseInt(rp, 16),
        state: parseInt(st, 16),
        uid: Number(f[7]),
        inode: Number(f[9]),
      });
    } catch {
      continue;
    }
  }
  return out;
}

/** A listening socket: TCP in LISTEN, or UDP bound and unconnected (state 07, no remote port). */
export function isListening(e: SocketEntry): boolean {
  if (e.protocol === 'tcp' || e.protocol === 'tcp6') return e.state === TCP_LISTEN;
  return e.state === TCP_CLOSE && e.remotePort === 0;
}

/** "net:[4026532184]" → 4026532184 (kept as a number: ns inodes fit in 32 bits). */
export function nsInode(link: string | null | undefined): number | null {
  const m = link ? /^[a-z_]+:\[(\d+)\]$/.exec(link.trim()) : null;
  return m ? Number(m[1]) : null;
}

/** "socket:[15893]" → 15893, anything else → null. */
export function socketInode(link: string): number | null {
  const m = /^socket:\[(\d+)\]$/.exec(link.trim());
  return m ? Number(m[1]) : null;
}

/** The local (host-scope LOCAL) IPv4 addresses of a namespace, from /proc/<pid>/net/fib_trie. */
export function parseFibTrieLocal(text: string): string[] {
  const out = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = /^\s*\|--\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(lines[i]);
    if (m && /\/32 host LOCAL/.test(lines[i + 1])) out.add(m[1]);
  }
  return [...out];
}

export interface RouteEntry {
  iface: string;
  destination: string;
  gateway: string;
  prefix: number;
}

/** Parses /proc/<pid>/net/route (addresses and masks in host byte order). */
export function parseRoutes(text: string, littleEndian = true): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !/^[0-9A-Fa-f]{8}$/.test(f[1])) continue;
    const mask = decodeIpv4(f[7], littleEndian);
    const prefix = mask.split('.').reduce((n, b) => n + popcount(Number(b)), 0);
    out.push({ iface: f[0], destination: decodeIpv4(f[1], littleEndian), gateway: decodeIpv4(f[2], littleEndian), prefix });
  }
  return out;
}

function popcount(b: number): number {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
}

function ipv4ToInt(a: string): number {
  return a.split('.').reduce((n, b) => (n << 8) + Number(b), 0) >>> 0;
}

/** Assigns each local IPv4 address to its interface as "a.b.c.d/len" using the connected routes; 127/8 is lo's. */
export function ipv4AddressesByInterface(localAddrs: string[], routes: RouteEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (iface: string, a: string): void => {
    (out[iface] ??= []).push(a);
  };
  for (const a of localAddrs) {
    if (a.startsWith('127.')) {
      add('lo', `${a}/8`);
      continue;
    }
    const r = routes.find((rt) => rt.gateway === '0.0.0.0' && rt.prefix > 0 && sameSubnet(a, rt.destination, rt.prefix));
    if (r) add(r.iface, `${a}/${r.prefix}`);
  }
  return out;
}

function sameSubnet(a: string, net: string, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (ipv4ToInt(a) & mask) === (ipv4ToInt(net) & mask);
}

/** Parses /proc/<pid>/net/if_inet6: "address ifindex prefixlen scope flags name" → name → ["addr/len"]. */
export function parseIfInet6(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^[0-9a-f]{32}$/i.test(f[0])) continue;
    const groups: number[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(parseInt(f[0].slice(i, i + 4), 16));
    (out[f[5]] ??= []).push(`${compressIpv6(groups)}/${parseInt(f[2], 16)}`);
  }
  return out;
}

/**
 * The container id found in a /proc/<pid>/cgroup text (cgroup v1 or v2, cgroupfs or systemd driver), if any: a 64-hex
 * path component, bare (Docker cgroupfs `/docker/<id>`, a private --cgroup-parent `/<parent>/<id>`) or with the
 * engine's prefix (Docker systemd `docker-<id>.scope`, Podman cgroupfs `/libpod_parent/libpod-<id>`, Podman systemd
 * `machine.slice/libpod-<id>.scope`). Podman's conmon runs in `libpod-conmon-<id>.scope`: it is the monitor, not a
 * process of the container.
 */
export function containerIdFromCgroup(text: string): string | null {
  const m = /(?:^|\/)(?:[a-z]+(?:-[a-z]+)*-)?([0-9a-f]{64})(?:\.scope)?(?=\/|$)/m.exec(text.replace(/[^\n]*conmon[^\n]*/g, ''));
  return m ? m[1] : null;
}
