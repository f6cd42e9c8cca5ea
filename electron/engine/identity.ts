// Which engine answers (Docker, Docker Desktop, Podman…) and whether its processes are this machine's: a remote or
// VM-based engine's PIDs, /proc and interfaces are not ours, so every kernel fact must then come through the helper.
import type { RuntimeKind } from './runtime/runtime';

/** What GET /version returns that tells engines apart (Docker: Platform "Docker Engine - Community", Components[0]
 * "Engine"; Docker Desktop: Platform "Docker Desktop 4.x"; Podman: Components[0] "Podman Engine"). */
export interface VersionInfo {
  Platform?: { Name?: string };
  Components?: { Name?: string; Version?: string }[];
  Version?: string;
}

/** The engine's product name for people ("Docker", "Docker Desktop", "Podman"); "" when the answer says nothing. */
export function engineNameOf(v: VersionInfo): string {
  const platform = v.Platform?.Name ?? '';
  const components = (v.Components ?? []).map((c) => c.Name ?? '');
  if (components.some((n) => /^podman\b/i.test(n)) || /podman/i.test(platform)) return 'Podman';
  if (/docker desktop/i.test(platform)) return 'Docker Desktop';
  if (components.includes('Engine') || /docker/i.test(platform)) return 'Docker';
  return '';
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/**
 * Whether an endpoint reaches an engine on another machine (or in a VM): ssh://, tcp:// to a non-loopback address,
 * Docker Desktop (its Linux VM), or PODLAB_ENGINE_REMOTE=1 (an engine behind a tunnel; the tests' switch).
 * Unix sockets and loopback TCP count as local; the direct probe still checks a container's cgroup before it trusts them.
 */
export function isRemoteEngine(endpoint: string, engineName = '', env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.PODLAB_ENGINE_REMOTE === '1') return true;
  if (env.PODLAB_ENGINE_REMOTE === '0') return false;
  if (engineName === 'Docker Desktop') return true;
  if (endpoint.startsWith('ssh://')) return true;
  if (endpoint.startsWith('tcp://') || endpoint.startsWith('http://') || endpoint.startsWith('https://')) {
    try {
      return !isLoopback(new URL(endpoint.replace(/^tcp:/, 'http:')).hostname);
    } catch {
      return true;
    }
  }
  return false;
}

/** The model's engine.name/remote/kind for a connection (only the fields that are known). */
export function engineIdentity(conn: { engineName?: string; remote?: boolean; kind?: RuntimeKind; runtime?: { info: { kind: RuntimeKind } } }): { name?: string; remote?: boolean; kind?: RuntimeKind } {
  // The runtime kind lets a front end tell a CRI session from a Docker one (the runtime switch opens on it).
  const kind = conn.kind ?? conn.runtime?.info.kind;
  return { ...(conn.engineName ? { name: conn.engineName } : {}), ...(conn.remote ? { remote: true } : {}), ...(kind ? { kind } : {}) };
}
