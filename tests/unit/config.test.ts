// One validated configuration: loadConfig reads every variable podlab uses, with its defaults, and refuses a value it
// cannot use with a message naming the variable and what to set.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../electron/engine/config';
import { KUBELET_BACKOFF } from '../../shared/conflicts/backoff';

describe('loadConfig', () => {
  it('gives the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      pauseImage: 'registry.k8s.io/pause:3.10',
      demoImage: 'busybox',
      templateImage: null,
      probe: null,
      refreshMs: 2000,
      kubelet: true,
      kubeletOnly: null,
      backoff: KUBELET_BACKOFF,
      templatesDir: null,
      rendererDir: null,
      watchStats: false,
    });
  });
  it('reads every variable', () => {
    const c = loadConfig({
      PODLAB_PAUSE_IMAGE: 'p', PODLAB_DEMO_IMAGE: 'd', PODLAB_PROBE: 'helper', PODLAB_REFRESH_MS: '500', PODLAB_KUBELET: 'off',
      PODLAB_KUBELET_ONLY: 'h10w-', PODLAB_BACKOFF_BASE_MS: '300', PODLAB_BACKOFF_MAX_MS: '1200', PODLAB_TEMPLATES_DIR: '/t',
      PODLAB_RENDERER_DIR: '/r', PODLAB_WATCH_STATS: '1',
    });
    expect(c).toMatchObject({ pauseImage: 'p', demoImage: 'd', templateImage: 'd', probe: 'helper', refreshMs: 500, kubelet: false, kubeletOnly: 'h10w-', templatesDir: '/t', rendererDir: '/r', watchStats: true });
    expect(c.backoff).toMatchObject({ baseMs: 300, maxMs: 1200 });
  });
  it('refuses what it cannot use, naming the variable', () => {
    expect(() => loadConfig({ PODLAB_PROBE: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ PODLAB_PROBE: 'sometimes' })).toThrow(/PODLAB_PROBE=sometimes.*direct, helper or none/);
    expect(() => loadConfig({ PODLAB_REFRESH_MS: 'fast' })).toThrow(/PODLAB_REFRESH_MS=fast/);
    expect(() => loadConfig({ PODLAB_BACKOFF_BASE_MS: '0' })).toThrow(/PODLAB_BACKOFF_BASE_MS/);
    expect(() => loadConfig({ PODLAB_KUBELET: 'maybe' })).toThrow(/PODLAB_KUBELET=maybe/);
  });
});
