// Renderer logic without a DOM: the add-container prefill collides with a port in use, the system language picks
// Korean only when asked, and pushed events update the state as they arrive.
import { describe, expect, it } from 'vitest';
import { collidingDefaults } from '../../renderer/src/lib/prefill';
import { systemLocale } from '../../renderer/src/lib/i18n/index.svelte';
import { app, applyPush, logKey } from '../../renderer/src/lib/store.svelte';
import { conflictPod, sampleModel, samplePod } from './topology.fixture';

describe('add-container prefill', () => {
  it('picks the port another container listens on and a free name', () => {
    const d = collidingDefaults(samplePod(1));
    expect(d).toMatchObject({ port: 80, protocol: 'tcp', holder: 'web', name: 'web-2', image: 'busybox' });
    expect(d.command).toEqual(['httpd', '-f', '-p', '80']);
    expect(collidingDefaults(conflictPod()).name).toBe('web-3');
  });
  it('uses the UDP listener for udp ports', () => {
    const pod = samplePod(1);
    pod.listening = [{ protocol: 'udp', address: '0.0.0.0', port: 53, container: 'web', pid: 1, process: 'udp-listen' }];
    expect(collidingDefaults(pod)).toMatchObject({ port: 53, protocol: 'udp', command: ['/bin/udp-listen', '53'] });
  });
  it('falls back to port 80 without a pod', () => {
    expect(collidingDefaults(null)).toMatchObject({ port: 80, holder: null });
  });
});

describe('system language', () => {
  it('defaults to Korean only for a Korean system', () => {
    expect(systemLocale(['ko-KR', 'ko'])).toBe('ko');
    expect(systemLocale(['en-US', 'ko'])).toBe('en');
    expect(systemLocale(['de-DE'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });
});

describe('store', () => {
  it('applies model, no-engine and log pushes immediately', () => {
    applyPush({ type: 'no-engine', tried: [{ endpoint: 'unix:///x', error: 'no such socket' }], message: 'm', retryInMs: 2000 });
    expect(app.connection).toBe('no-engine');
    applyPush({ type: 'model', model: sampleModel([samplePod(1)]) });
    expect(app.connection).toBe('connected');
    expect(app.noEngine).toBeNull();
    expect(app.model?.pods[0]?.name).toBe('pod-1');
    applyPush({ type: 'log', pod: 'pod-1', container: 'web', line: 'hello', stream: 'stdout' });
    expect(app.logs[logKey('pod-1', 'web')]).toEqual(['hello']);
    applyPush({ type: 'model', model: { ...sampleModel([]), connection: 'reconnecting' } });
    expect(app.connection).toBe('reconnecting');
  });
});
