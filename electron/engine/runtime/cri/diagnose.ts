// Before the app's session switches to a CRI endpoint: is there a socket, may this user open it, does a CRI runtime
// answer on it? Each failure becomes a code the views put in words (shared/runtime-connect.ts); nothing is switched.
import { accessSync, constants, statSync } from 'node:fs';
import type { ConnectRuntimeResult, RuntimeFailure } from '../../../../shared/runtime-connect';

/** What was found at the endpoint, and the gRPC answer when it was asked (code and details of the failure). */
export interface EndpointFacts {
  file: 'missing' | 'socket' | 'other';
  writable: boolean;
  error?: { code: number | null; details: string };
}

/** gRPC's status codes the classification needs (grpc-js status enum values). */
const UNIMPLEMENTED = 12;

/** The failure the facts show, or null when the runtime answered. Pure: the unit tests feed it facts. */
export function classifyEndpoint(f: EndpointFacts): RuntimeFailure | null {
  if (f.file === 'missing') return 'no-socket';
  if (f.file === 'other') return 'not-a-socket';
  if (!f.writable || /EACCES|permission denied/i.test(f.error?.details ?? '')) return 'permission';
  if (!f.error) return null;
  // A gRPC server without runtime.v1 (containerd with its CRI plugin disabled), or a socket speaking another protocol
  // (Docker's HTTP API answers a gRPC preface with an HTTP error: "Protocol error").
  if (f.error.code === UNIMPLEMENTED || /Protocol error|unknown service runtime\.v1/i.test(f.error.details)) return 'not-cri';
  if (/ECONNREFUSED/.test(f.error.details)) return 'refused';
  return 'other';
}

function fileOf(path: string): EndpointFacts['file'] {
  try {
    return statSync(path).isSocket() ? 'socket' : 'other';
  } catch {
    return 'missing';
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The gRPC code and what the runtime (or grpc-js) said, without grpc-js's timestamps and empty notes. */
function errorFacts(err: unknown): { code: number | null; details: string } {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; details?: unknown } | undefined) : undefined;
  const said = typeof cause?.details === 'string' && cause.details ? cause.details : err instanceof Error ? err.message : String(err);
  return {
    code: typeof cause?.code === 'number' ? cause.code : null,
    details: said.replace(/ \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g, '').replace(/\s*Resolution note:\s*$/, '').trim(),
  };
}

/** How long a runtime may take to answer Version before the endpoint counts as not answering. */
const ANSWER_MS = 5000;

/** Looks at the endpoint and asks it the CRI's Version; on success the runtime's name and version. */
export async function diagnoseCriEndpoint(endpoint: string): Promise<ConnectRuntimeResult> {
  const path = endpoint.replace(/^unix:\/\//, '');
  const facts: EndpointFacts = { file: fileOf(path), writable: writable(path) };
  const early = classifyEndpoint(facts);
  if (early) return { ok: false, endpoint, failure: early, detail: '' };
  const { CriRuntime } = await import('./index');
  let timer: NodeJS.Timeout | undefined;
  const connecting = CriRuntime.connect(endpoint);
  try {
    const rt = await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_MS / 1000} s`)), ANSWER_MS);
      }),
    ]);
    rt.close();
    return { ok: true, endpoint, runtime: rt.info.platform, version: rt.info.version };
  } catch (err) {
    // A runtime that answers after the deadline: its client is closed then.
    connecting.then((rt) => rt.close(), () => undefined);
    const error = errorFacts(err);
    return { ok: false, endpoint, failure: classifyEndpoint({ ...facts, error }) ?? 'other', detail: error.details };
  } finally {
    clearTimeout(timer);
  }
}
