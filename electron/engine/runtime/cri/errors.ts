// CRI (gRPC) refusals as RuntimeErrors: the status code becomes a code every runtime shares, the message the runtime's.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CriError } from '../../cri/client';
import { RuntimeError } from '../runtime';

export function toRuntimeError(err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  if (!(err instanceof CriError)) return new RuntimeError(err instanceof Error ? err.message : String(err), 'other', { cause: err });
  const code =
    err.notFound ? 'not-found'
    // containerd reserves sandbox and container names (metadata name + attempt): a second create of one is a conflict.
    : err.code === GrpcStatus.ALREADY_EXISTS || /is reserved for/.test(err.details) ? 'conflict'
    : err.code === GrpcStatus.INVALID_ARGUMENT || err.code === GrpcStatus.UNIMPLEMENTED ? 'invalid'
    : err.code === GrpcStatus.UNAVAILABLE || err.code === GrpcStatus.DEADLINE_EXCEEDED ? 'unavailable'
    : 'other';
  return new RuntimeError(err.message, code, { cause: err, errno: code === 'unavailable' ? 'ECONNREFUSED' : '' });
}

export function call<T>(p: Promise<T>): Promise<T> {
  return p.catch((err: unknown) => {
    throw toRuntimeError(err);
  });
}

/** null for "gone", the value otherwise; other failures throw. */
export function orGone<T>(p: Promise<T>): Promise<T | null> {
  return call(p).catch((e: RuntimeError) => {
    if (e.code === 'not-found') return null;
    throw e;
  });
}

/** What the CRI cannot do, said as such (the caller shows it; nothing was changed). */
export function notInCri(what: string, instead: string): RuntimeError {
  return new RuntimeError(`The CRI cannot ${what}: ${instead}`, 'invalid');
}
