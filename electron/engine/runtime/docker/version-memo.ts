// Who the engine on a local socket is (its GET /version answer), kept between runs of the CLI's early path (early.ts).
// Why: dockerd answers /version by asking containerd for its version and running `runc --version` and
// `docker-init --version`: ~7 ms of CPU per call on the test machine, taken from the two cores `podlab ls` itself needs
// (`docker ps` asks no /version). The answer cannot change while the same daemon serves the same socket file, so it is
// kept per socket path with what proves "the same daemon": the socket file's device, inode and change time (a daemon
// that starts again makes a new socket), and the Server and API-version headers that dockerd and Podman put on every
// answer (a socket-activated daemon keeps its socket across an upgrade, but not its Server header). The early listing's
// headers are compared; anything that differs, or a memo that is not this user's own file, means /version is asked.
// Only early.ts uses this; the entry is written when it did ask.
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of /version that podlab reads (connect.ts, identity.ts); strings only. */
export interface RememberedVersion {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Platform?: { Name?: string };
  Components?: { Name?: string }[];
}

interface Entry {
  /** "<dev>:<ino>:<ctimeMs>" of the socket file when the answer was given. */
  socket: string;
  /** The answer's identifying headers (headerKey). */
  headers: string;
  version: RememberedVersion;
}

const FILE = 'engine-version.json';
/** Engines remembered at most (the most recently asked stay). */
const MAX_ENTRIES = 16;

/** $XDG_CACHE_HOME/podlab, else $HOME/.cache/podlab; none without either (nothing is kept then). */
function dirOf(env: NodeJS.ProcessEnv): string | null {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'podlab');
  return env.HOME ? join(env.HOME, '.cache', 'podlab') : null;
}

/** The socket file's identity, or null when it cannot be read. */
export function socketIdentity(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}:${s.ctimeMs}`;
  } catch {
    return null;
  }
}

/** The headers that tell one engine build from another (lower-case names, as Node gives them). */
export function headerKey(headers: Record<string, string | string[] | undefined>): string | null {
  const one = (name: string): string => {
    const v = headers[name];
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
  };
  const server = one('server');
  // No Server header: nothing that would tell an upgraded engine from the old one; not remembered.
  if (!server) return null;
  return [server, one('api-version'), one('libpod-api-version')].join('\n');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Only the fields podlab reads, only as strings: whatever else the file holds is dropped. */
function pick(v: unknown): RememberedVersion | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const platform = o.Platform && typeof o.Platform === 'object' ? str((o.Platform as Record<string, unknown>).Name) : undefined;
  const components = Array.isArray(o.Components) ? o.Components.map((c) => ({ Name: c && typeof c === 'object' ? str((c as Record<string, unknown>).Name) : undefined })) : undefined;
  return {
    ...(str(o.Version) !== undefined ? { Version: str(o.Version) } : {}),
    ...(str(o.ApiVersion) !== undefined ? { ApiVersion: str(o.ApiVersion) } : {}),
    ...(str(o.Os) !== undefined ? { Os: str(o.Os) } : {}),
    ...(platform !== undefined ? { Platform: { Name: platform } } : {}),
    ...(components ? { Components: components } : {}),
  };
}

/** Every entry of the memo file; empty when it is missing, unreadable, not this user's own, or writable by others. */
function readAll(env: NodeJS.ProcessEnv): Record<string, Entry> {
  const dir = dirOf(env);
  if (!dir) return {};
  let fd: number;
  try {
    fd = openSync(join(dir, FILE), 'r');
  } catch {
    return {};
  }
  try {
    const st = fstatSync(fd);
    // Another user's file (a HOME kept across sudo) or one others may write must not say who the engine is.
    if ((process.getuid && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0 || !st.isFile() || st.size > 64 * 1024) return {};
    const all = JSON.parse(readFileSync(fd, 'utf8')) as unknown;
    if (!all || typeof all !== 'object' || Array.isArray(all)) return {};
    const out: Record<string, Entry> = {};
    for (const [path, e] of Object.entries(all as Record<string, unknown>)) {
      if (!e || typeof e !== 'object') continue;
      const { socket, headers, version } = e as Record<string, unknown>;
      const v = pick(version);
      if (typeof socket === 'string' && typeof headers === 'string' && v) out[path] = { socket, headers, version: v };
    }
    return out;
  } catch {
    return {};
  } finally {
    closeSync(fd);
  }
}

/** What was remembered for this socket, when the socket file is still the one that answered then. */
export function recall(socketPath: string, env: NodeJS.ProcessEnv): { headers: string; version: RememberedVersion } | null {
  const e = readAll(env)[socketPath];
  if (!e || e.socket !== socketIdentity(socketPath)) return null;
  return { headers: e.headers, version: e.version };
}

/** Keeps an answer of /version (best effort: a read-only or missing home simply keeps nothing). */
export function remember(socketPath: string, socket: string | null, headers: string | null, version: unknown, env: NodeJS.ProcessEnv): void {
  const dir = dirOf(env);
  const v = pick(version);
  if (!dir || !socket || !headers || !v) return;
  try {
    const all = readAll(env);
    delete all[socketPath];
    const kept = Object.entries(all).slice(-(MAX_ENTRIES - 1));
    const next = Object.fromEntries([...kept, [socketPath, { socket, headers, version: v }]]);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written only into a folder of this user's own (not a link), through a file made new ('wx': never through a link
    // that someone left at its name), then renamed over the old one.
    const d = lstatSync(dir);
    if (!d.isDirectory() || (process.getuid && d.uid !== process.getuid())) return;
    const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(next), { mode: 0o600, flag: 'wx' });
    try {
      renameSync(tmp, join(dir, FILE));
    } finally {
      rmSync(tmp, { force: true });
    }
  } catch {
    // Nothing kept: the next run asks /version again.
  }
}
