// "Prove it": the facts of the two classic proofs of a pod — every container's network identity side by side
// (one IP), and who reaches whom over 127.0.0.1 — and the pure parsing of what the containers printed.

/** One container's network identity, read from inside it. */
export interface NetIdentity {
  container: string;
  role: 'app' | 'ephemeral';
  /** "net:[4026532184]" as the container's own process sees it. */
  netns: string | null;
  /** eth0's IPv4 addresses with prefix (172.17.0.2/16). */
  addresses: string[];
  mac: string | null;
  hostname: string | null;
  /** The same container's netns read from the host's /proc (the model), for comparison; null when unreadable. */
  hostView: string | null;
  /** Tools the image lacks (then the proof is incomplete and a debug container is offered). */
  missing: string[];
  /** Why nothing could be read (e.g. no shell in the image). */
  error: string | null;
}

export type ReachResult = 'reached' | 'refused' | 'timeout' | 'failed' | 'no-tool';

export interface ReachCell {
  from: string;
  port: number;
  result: ReachResult;
  detail?: string;
}

export interface ProvePort {
  port: number;
  protocol: 'tcp';
  /** The container whose process listens on it (socket table), or null when nobody does. */
  holder: string | null;
}

export interface ProveResult {
  pod: string;
  identities: NetIdentity[];
  ports: ProvePort[];
  reach: ReachCell[];
  /** True when every container that could be read shows the same netns, addresses and MAC. */
  oneIp: boolean;
  /** Containers that were not running and so were not asked. */
  skipped: { container: string; state: string }[];
  /** When some image lacks the tools: the command that adds a busybox debug container to the pod. */
  debugHint: string | null;
}

/** At most this many ports are tried, each with a 2 s timeout: a proof never runs away. */
export const MAX_PROVE_PORTS = 16;
export const REACH_TIMEOUT_S = 2;

/** Prints the identity as key=value lines; the same constant text for every container (never user input). */
export const IDENTITY_SCRIPT = [
  'for t in readlink cat ip hostname; do command -v $t >/dev/null 2>&1 || echo "missing=$t"; done',
  'echo "netns=$(readlink /proc/self/ns/net 2>/dev/null)"',
  'echo "mac=$(cat /sys/class/net/eth0/address 2>/dev/null)"',
  'ip -o -4 addr show dev eth0 2>/dev/null | while read -r _ _ _ a _; do echo "inet=$a"; done',
  'echo "hostname=$(hostname 2>/dev/null)"',
].join('\n');

/** Tries each port given as an argument ("$@", never spliced into the text) on 127.0.0.1 with nc. */
export const REACH_SCRIPT = [
  'command -v nc >/dev/null 2>&1 || { echo "missing=nc"; exit 0; }',
  'for p in "$@"; do',
  `  if out=$(nc -w ${REACH_TIMEOUT_S} 127.0.0.1 "$p" </dev/null 2>&1); then echo "port=$p ok"; else echo "port=$p fail $(echo $out)"; fi`,
  'done',
].join('\n');

export function parseIdentity(text: string): Pick<NetIdentity, 'netns' | 'addresses' | 'mac' | 'hostname' | 'missing'> {
  const out = { netns: null as string | null, addresses: [] as string[], mac: null as string | null, hostname: null as string | null, missing: [] as string[] };
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const v = line.slice(eq + 1).trim();
    if (key === 'missing' && v) out.missing.push(v);
    else if (key === 'netns' && /^net:\[\d+\]$/.test(v)) out.netns = v;
    else if (key === 'mac' && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(v)) out.mac = v.toLowerCase();
    else if (key === 'inet' && v) out.addresses.push(v);
    else if (key === 'hostname' && v) out.hostname = v;
  }
  return out;
}

/** One container's reach lines → cells for the ports asked (a port without a line failed). */
export function parseReach(from: string, ports: number[], text: string): ReachCell[] {
  if (/^missing=nc$/m.test(text)) return ports.map((port) => ({ from, port, result: 'no-tool', detail: 'nc' }));
  const seen = new Map<number, ReachCell>();
  for (const line of text.split('\n')) {
    const m = /^port=(\d+) (ok|fail)\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const port = Number(m[1]);
    const detail = m[3] ?? '';
    const result: ReachResult = m[2] === 'ok' ? 'reached' : /refused/i.test(detail) ? 'refused' : /timed? ?out/i.test(detail) ? 'timeout' : 'failed';
    seen.set(port, { from, port, result, ...(detail ? { detail } : {}) });
  }
  return ports.map((port) => seen.get(port) ?? { from, port, result: 'failed', detail: 'no answer from the container' });
}

/** The one-IP verdict: all readable identities agree on netns, addresses and MAC. */
export function sameIdentity(ids: NetIdentity[]): boolean {
  const read = ids.filter((i) => i.netns !== null);
  if (read.length < 2) return read.length === 1;
  const key = (i: NetIdentity): string => `${i.netns}|${[...i.addresses].sort().join(',')}|${i.mac ?? ''}`;
  return read.every((i) => key(i) === key(read[0]!));
}
