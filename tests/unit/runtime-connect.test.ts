// The app's runtime switch: the contract's endpoint rule (crictl's unix:// form only) and how what is found at an
// endpoint becomes the failure the views put in words.
import { describe, expect, it } from 'vitest';
import { ContractError, validateConnectRuntime } from '../../shared/contract';
import { classifyEndpoint } from '../../electron/engine/runtime/cri/diagnose';
import { EngineSession } from '../../electron/engine/session';

describe('connectRuntime arguments', () => {
  it('takes a CRI endpoint in crictl\'s form, or null for the Docker engine', () => {
    expect(validateConnectRuntime(['unix:///run/containerd/containerd.sock'])).toBe('unix:///run/containerd/containerd.sock');
    expect(validateConnectRuntime(['unix:///tmp/c2ctd-x/containerd.sock'])).toBe('unix:///tmp/c2ctd-x/containerd.sock');
    expect(validateConnectRuntime([null])).toBeNull();
  });

  it('refuses other schemes, relative paths, spaces, control characters, a directory and extra arguments', () => {
    for (const bad of [
      ['tcp://127.0.0.1:10010'],
      ['unix://run/containerd/containerd.sock'],
      ['/run/containerd/containerd.sock'],
      ['unix:///run/containerd/containerd sock'],
      ['unix:///run/containerd/\ncontainerd.sock'],
      ['unix:///run/containerd/'],
      ['unix:///'],
      [`unix:///${'a'.repeat(1100)}`],
      [42],
      [],
      ['unix:///run/containerd/containerd.sock', 'extra'],
    ]) {
      expect(() => validateConnectRuntime(bad), JSON.stringify(bad)).toThrow(ContractError);
    }
  });
});

describe('what an endpoint is', () => {
  it('names the missing socket, a file that is no socket, and a socket this user may not open', () => {
    expect(classifyEndpoint({ file: 'missing', writable: false })).toBe('no-socket');
    expect(classifyEndpoint({ file: 'other', writable: true })).toBe('not-a-socket');
    expect(classifyEndpoint({ file: 'socket', writable: false })).toBe('permission');
    expect(classifyEndpoint({ file: 'socket', writable: true, error: { code: 14, details: 'connect EACCES /run/containerd/containerd.sock' } })).toBe('permission');
  });

  it('tells a runtime that answered from one that is not a CRI runtime and one nobody listens on', () => {
    expect(classifyEndpoint({ file: 'socket', writable: true })).toBeNull();
    // grpc-js's words for Docker's socket (an HTTP server) and for containerd without its CRI plugin, captured here.
    expect(classifyEndpoint({ file: 'socket', writable: true, error: { code: 14, details: 'No connection established. Last error: Protocol error (2026-12-01T17:10:13.807Z).' } })).toBe('not-cri');
    expect(classifyEndpoint({ file: 'socket', writable: true, error: { code: 12, details: 'unknown service runtime.v1.RuntimeService' } })).toBe('not-cri');
    expect(classifyEndpoint({ file: 'socket', writable: true, error: { code: 14, details: 'No connection established. Last error: Error: connect ECONNREFUSED /tmp/stale.sock.' } })).toBe('refused');
    expect(classifyEndpoint({ file: 'socket', writable: true, error: { code: null, details: 'no answer within 5 s' } })).toBe('other');
  });
});

describe('the session\'s runtime switch', () => {
  it('validates the endpoint before anything, and refuses to switch where the front end may not (serve beyond loopback)', async () => {
    const session = new EngineSession({ DOCKER_HOST: 'unix:///tmp/c2-nothing.sock' }, undefined, { runtimeSwitch: false });
    try {
      await expect(session.call('connectRuntime', ['tcp://10.0.0.1:10010'])).rejects.toThrow(ContractError);
      await expect(session.call('connectRuntime', ['unix:///run/containerd/containerd.sock'])).resolves.toEqual({
        ok: false,
        endpoint: 'unix:///run/containerd/containerd.sock',
        failure: 'not-allowed',
        detail: '',
      });
      expect(session.connection()).toBeNull();
    } finally {
      await session.close();
    }
  });
});
