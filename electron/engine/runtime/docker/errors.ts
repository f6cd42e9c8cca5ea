// Docker's refusals as RuntimeErrors: the HTTP status becomes a code every runtime shares, the message the engine's own.
import { RuntimeError } from '../runtime';

const UNREACHABLE = ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'];

/** The engine's message without dockerode's "(HTTP code 409) conflict - " prefix. */
export function engineMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const json = (err as { json?: unknown }).json;
  const message =
    typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string' ? (json as { message: string }).message : err.message;
  return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim();
}

export function toRuntimeError(err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  const errno = (err as NodeJS.ErrnoException | null)?.code ?? '';
  const code =
    status === 404 ? 'not-found'
    : status === 409 ? 'conflict'
    : status === 304 ? 'not-modified'
    : status === 400 ? 'invalid'
    : UNREACHABLE.includes(errno) ? 'unavailable'
    : 'other';
  return new RuntimeError(engineMessage(err), code, { cause: err, errno });
}

/** Runs one engine request, its failure as a RuntimeError. */
export async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw toRuntimeError(err);
  }
}

/** null for "gone" (404), the value otherwise; other failures throw. */
export async function orGone<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    const e = toRuntimeError(err);
    if (e.code === 'not-found') return null;
    throw e;
  }
}
