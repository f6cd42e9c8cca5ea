// Recognizes a failed bind in a container's log line (busybox, nginx, node, python, Go, generic wordings)
// and extracts what the line says about the port. Pure: used by the engine's conflict detection and tests.

export interface BindFailure {
  /** The log line that says the bind failed. */
  line: string;
  /** Which program family's wording matched (for how sure we are). */
  wording: 'busybox' | 'nginx' | 'node' | 'python' | 'go' | 'generic';
  /** The port the line names, when it names one. */
  port: number | null;
  /** The address the line names (0.0.0.0, ::, 127.0.0.1), when it names one. */
  address: string | null;
}

const RULES: { wording: BindFailure['wording']; re: RegExp }[] = [
  // nginx: bind() to 0.0.0.0:80 failed (98: Address already in use) / bind() to [::]:80 failed (98: ...)
  { wording: 'nginx', re: /bind\(\) to (\S+) failed \(98: Address (?:already )?in use\)/i },
  // node: Error: listen EADDRINUSE: address already in use :::80 / 0.0.0.0:3000
  { wording: 'node', re: /EADDRINUSE(?:: address already in use)?(?:\s+(\S+))?/ },
  // python: OSError: [Errno 98] Address already in use (no address in the line)
  { wording: 'python', re: /\[Errno 98\] Address (?:already )?in use/i },
  // Go: listen tcp :8080: bind: address already in use / listen udp 0.0.0.0:53: bind: ...
  { wording: 'go', re: /listen (?:tcp|udp)[46]? (\S+): bind: address already in use/i },
  // busybox httpd/nc/udp-listen: "httpd: bind: Address already in use"
  { wording: 'busybox', re: /^\s*[\w./-]+: bind: Address already in use/i },
  // anything else: "Address already in use", "Address in use", "address in use (os error 98)"
  { wording: 'generic', re: /address (?:already )?in use|EADDRINUSE|errno 98\b/i },
];

/** Splits "0.0.0.0:80", "[::]:80", ":::80", ":80" into address and port. */
export function splitHostPort(text: string): { address: string | null; port: number | null } {
  const t = text.replace(/[),;]+$/, '');
  const m = /^(?:\[([^\]]*)\]|(.*)):(\d{1,5})$/.exec(t);
  if (!m) return { address: null, port: null };
  const port = Number(m[3]);
  if (!(port > 0 && port < 65536)) return { address: null, port: null };
  // Go prints ":8080" for every address; node prints ":::80", which splits as "::" and 80.
  const address = m[1] ?? m[2] ?? '';
  return { address: address === '' ? '0.0.0.0' : address, port };
}

/** Recognizes one log line; null when it does not say a bind failed. */
export function recognizeBindFailure(line: string): BindFailure | null {
  for (const { wording, re } of RULES) {
    const m = re.exec(line);
    if (!m) continue;
    const hp = m[1] ? splitHostPort(m[1]) : { address: null, port: null };
    const fallback = hp.port == null ? portInLine(line) : null;
    return { line: line.trim(), wording, port: hp.port ?? fallback, address: hp.address };
  }
  return null;
}

/** Last resort: a line like "... port 8080 ..." names the port in words. */
function portInLine(line: string): number | null {
  const m = /\bport (\d{1,5})\b/i.exec(line);
  const p = m ? Number(m[1]) : NaN;
  return p > 0 && p < 65536 ? p : null;
}

/**
 * The newest bind failure in a log tail, preferring a line that names the port (node prints
 * "listen EADDRINUSE ... :::80" and then "code: 'EADDRINUSE'" further down).
 */
export function findBindFailure(lines: string[]): BindFailure | null {
  let newest: BindFailure | null = null;
  for (let i = lines.length - 1; i >= 0; i--) {
    const f = recognizeBindFailure(lines[i]!);
    if (!f) continue;
    if (f.port != null) return f;
    newest ??= f;
  }
  return newest;
}

// Words with which programs say why they stop: "invalid option", "not found", "permission denied", "can't open"…
const WHY_WORDS = /\b(?:error|invalid|unrecognized|unknown|illegal|not found|no such|denied|not permitted|can't|cannot|failed|fatal|panic|refused|missing)\b/i;
const LINE_MAX = 200;

/**
 * The line of a failed container's log that most likely says why it stopped: the newest one with a word of failure
 * (a usage text printed after "nc: invalid option -- 'k'" must not hide it), else the newest line; cut to 200 chars.
 */
/** Whether a log tail has a line with a word of failure (it says why its program stopped, whatever the reason). */
export function saysWhy(lines: string[]): boolean {
  return lines.some((l) => WHY_WORDS.test(l));
}

export function findWhyLine(lines: string[]): string | null {
  const text = lines.map((l) => l.trim()).filter((l) => l !== '');
  const line = [...text].reverse().find((l) => WHY_WORDS.test(l)) ?? text[text.length - 1];
  if (line === undefined) return null;
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}
