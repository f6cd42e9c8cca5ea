// Unit tests of the engine side's pure helpers for conflicts and restarts: log demultiplexing, attempts,
// and when a failed container is due for restart.
import { describe, expect, it } from 'vitest';
import { demux } from '../../electron/engine/runtime/docker/logs';
import { attemptOf } from '../../electron/engine/runtime/vocabulary';
import type { ContainerStatus } from '../../electron/engine/runtime/runtime';
import { pendingRestart, startFailed } from '../../electron/engine/kubelet/state';

const demultiplex = (buf: Buffer): string => demux(buf).all;

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('demultiplex', () => {
  it('joins stdout and stderr frames in order', () => {
    const buf = Buffer.concat([frame(1, 'starting\n'), frame(2, 'httpd: bind: Address already in use\n')]);
    expect(demultiplex(buf)).toBe('starting\nhttpd: bind: Address already in use\n');
  });
  it('returns a TTY log (no frame headers) as it is', () => {
    expect(demultiplex(Buffer.from('nc: bind: Address already in use\r\n'))).toBe('nc: bind: Address already in use\r\n');
  });
});

describe('attempt names', () => {
  it('reads the attempt from the label, else the name', () => {
    const info = (labels: Record<string, string>, name: string): { labels: Record<string, string>; name: string } => ({ name, labels });
    expect(attemptOf(info({ 'io.podlab.attempt': '3' }, '/x_0'))).toBe(3);
    expect(attemptOf(info({}, '/k8s_web_p_default_u_5'))).toBe(5);
  });
});

describe('pendingRestart', () => {
  const opts = { baseMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };
  type Info = Pick<ContainerStatus, 'state' | 'exitCode' | 'startedAt' | 'finishedAt' | 'createdAt' | 'error' | 'labels'>;
  const exited = (exitCode: number, step: string | undefined, startedAt: string, finishedAt: string): Info => ({
    state: 'exited',
    exitCode,
    startedAt,
    finishedAt,
    createdAt: '2025-12-31T23:59:59Z',
    error: '',
    labels: step ? { 'io.podlab.backoff': step } : {},
  });
  /** What Docker reports for a container whose start failed: created, never started or finished, its error and code. */
  const cannotRun = (exitCode: number, step: string | undefined, error = 'exec: "/nonexistent": stat /nonexistent: no such file or directory'): Info => ({
    state: 'created',
    exitCode,
    startedAt: null,
    finishedAt: null,
    createdAt: '2026-01-01T00:00:00.250000000Z',
    error,
    labels: step ? { 'io.podlab.backoff': step } : {},
  });
  it('is due at finishedAt + the back-off of its step', () => {
    const p = pendingRestart(exited(1, '2', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01.500000000Z'), 'Always', opts);
    expect(p).toEqual({ dueAt: Date.parse('2026-01-01T00:00:01.500Z') + 40_000, nextStep: 3 });
  });
  it('starts over at 10 s after a run of 10 minutes', () => {
    const p = pendingRestart(exited(1, '5', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'), 'Always', opts);
    expect(p).toEqual({ dueAt: Date.parse('2026-01-01T00:10:00Z') + 10_000, nextStep: 1 });
  });
  it('follows restartPolicy', () => {
    expect(pendingRestart(exited(1, undefined, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'), 'Never', opts)).toBeNull();
    expect(pendingRestart(exited(0, undefined, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'), 'OnFailure', opts)).toBeNull();
    expect(pendingRestart(exited(0, undefined, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'), 'Always', opts)).not.toBeNull();
  });
  it('backs off a container that could not start from its creation, as cri-dockerd reports it (exited when created)', () => {
    expect(startFailed(cannotRun(127, undefined))).toBe(true);
    expect(pendingRestart(cannotRun(127, undefined), 'Always', opts)).toEqual({ dueAt: Date.parse('2026-01-01T00:00:00.250Z') + 10_000, nextStep: 1 });
    expect(pendingRestart(cannotRun(127, '3'), 'OnFailure', opts)).toEqual({ dueAt: Date.parse('2026-01-01T00:00:00.250Z') + 80_000, nextStep: 4 });
    // No exit code kept for it: still a failure (containerd's 128), so OnFailure restarts it; Never does not.
    expect(pendingRestart(cannotRun(0, undefined), 'OnFailure', opts)).not.toBeNull();
    expect(pendingRestart(cannotRun(127, undefined), 'Never', opts)).toBeNull();
  });
  it('leaves a created container that has not failed alone (not started yet, or waiting for its init phase)', () => {
    const waiting = cannotRun(0, undefined, '');
    expect(startFailed(waiting)).toBe(false);
    expect(pendingRestart(waiting, 'Always', opts)).toBeNull();
  });
});
