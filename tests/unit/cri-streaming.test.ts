// The pure parts of the CRI streaming client and the debug container's request: the exit code a remotecommand v4
// status carries (as containerd 1.6 sends it), the log follower a debug container's output comes from, and the namespaces of an ephemeral container (the kubelet's rules).
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PodSandboxConfig } from '../../electron/engine/cri/types';
import { ephemeralContainerConfig } from '../../electron/engine/runtime/cri/ephemeral';
import { exitCodeOfStatus } from '../../electron/engine/runtime/cri/streaming';
import { criLogFollower } from '../../electron/engine/runtime/cri/logs';
import { streamServerFromStatus } from '../../electron/engine/runtime/cri/cni';
import { streamingCheck } from '../../electron/engine/runtime/cri/health';
import type { LogLine } from '../../electron/engine/runtime/runtime';

describe('exitCodeOfStatus', () => {
  it('reads Success as 0 and NonZeroExitCode as its ExitCode cause', () => {
    expect(exitCodeOfStatus('{"metadata":{},"status":"Success"}')).toBe(0);
    // Verbatim from containerd 1.6.20's streaming server (a StatusCause's type is serialised as "reason").
    const failed =
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}';
    expect(exitCodeOfStatus(failed)).toBe(3);
  });

  it("throws the runtime's own message for any other failure, and says when the status is unreadable", () => {
    expect(() => exitCodeOfStatus('{"status":"Failure","reason":"InternalError","message":"executable file not found in $PATH"}')).toThrow(/could not run the command: executable file not found/);
    expect(() => exitCodeOfStatus('{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[]}}')).toThrow(/could not run/);
    expect(() => exitCodeOfStatus('not json')).toThrow(/unreadable status/);
  });
});

describe('ephemeralContainerConfig', () => {
  const sandbox = { linux: { securityContext: { namespaceOptions: { network: 'POD', ipc: 'POD', pid: 'CONTAINER' } } } } as PodSandboxConfig;
  const base = { pod: { name: 'web', namespace: 'default', uid: 'u1' }, name: 'debugger-abcde', sandboxId: 's1', image: 'busybox', command: [] };

  it("joins the pod's network and IPC, and with a target its PID namespace (TARGET + target_id)", () => {
    const c = ephemeralContainerConfig({ ...base, target: { name: 'app', id: 'c9' } }, sandbox, { stdin: true, tty: true });
    expect(c.linux.securityContext.namespaceOptions).toEqual({ network: 'POD', ipc: 'POD', pid: 'TARGET', targetId: 'c9' });
    expect(c).toMatchObject({ stdin: true, stdinOnce: true, tty: true, command: ['sh'], logPath: 'debugger-abcde/0.log', metadata: { name: 'debugger-abcde', attempt: 0 } });
    expect(c.labels).toMatchObject({ 'io.podlab.role': 'ephemeral', 'io.podlab.ephemeral': 'debugger-abcde', 'io.podlab.pod': 'web', 'io.podlab.target': 'app', 'io.kubernetes.pod.uid': 'u1' });
  });

  it("without a target keeps the pod's PID mode; stdin_once only with stdin", () => {
    const c = ephemeralContainerConfig({ ...base, command: ['ps'], target: null }, sandbox, { stdin: false, tty: false });
    expect(c.linux.securityContext.namespaceOptions).toEqual({ network: 'POD', ipc: 'POD', pid: 'CONTAINER' });
    expect(c).toMatchObject({ stdin: false, stdinOnce: false, command: ['ps'] });
    expect(c.labels['io.podlab.target']).toBeUndefined();
  });
});

describe('criLogFollower', () => {
  it('reads from the start, says whether the file grew, and hands out a last partial line once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c13-log-'));
    const path = join(dir, '0.log');
    const lines: LogLine[] = [];
    const f = await criLogFollower(path, (l) => lines.push(l), 0);
    try {
      expect(await f.drain()).toBe(false); // not there yet
      writeFileSync(path, '2026-12-01T20:00:00.000000001Z stdout F out\n2026-12-01T20:00:00.000000002Z stderr F err\n');
      expect(await f.drain()).toBe(true);
      appendFileSync(path, '2026-12-01T20:00:00.000000003Z stdout P no-new');
      appendFileSync(path, 'line\n');
      expect(await f.drain()).toBe(true);
      expect(await f.drain()).toBe(false);
      expect(lines.map((l) => [l.stream, l.text])).toEqual([['stdout', 'out'], ['stderr', 'err']]);
      expect(f.partials()).toEqual([{ stream: 'stdout', text: 'no-newline' }]);
      expect(f.partials()).toEqual([]);
    } finally {
      f.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("doctor's streaming server line", () => {
  it("reads containerd's verbose config and says what is wrong with TLS or an address beyond loopback", () => {
    const info = (c: object): Record<string, string> => ({ config: JSON.stringify(c) });
    expect(streamServerFromStatus(info({ streamServerAddress: '127.0.0.1', streamServerPort: '0', enableTLSStreaming: false }))).toEqual({ address: '127.0.0.1', port: '0', tls: false });
    expect(streamServerFromStatus({})).toBeNull();
    expect(streamingCheck({ address: '127.0.0.1', port: '0', tls: false })).toMatchObject({ status: 'ok', what: expect.stringContaining('streaming server 127.0.0.1:(a free port)') });
    expect(streamingCheck({ address: '127.0.0.1', port: '10010', tls: true })).toMatchObject({ status: 'warn', fix: expect.stringContaining('enable_tls_streaming = false') });
    expect(streamingCheck({ address: '', port: '10010', tls: false })).toMatchObject({ status: 'warn', what: expect.stringContaining('(all addresses):10010'), fix: expect.stringContaining('127.0.0.1') });
    expect(streamingCheck(null).status).toBe('warn');
  });
});
