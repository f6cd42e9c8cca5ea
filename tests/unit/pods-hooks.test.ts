// The pod events of lifecycle-hook failures: the kubelet's reasons, Warning, the container, and words in both languages.
import { describe, expect, it } from 'vitest';
import { hookEvent } from '../../electron/engine/pods/hooks';
import { render } from '../../shared/i18n/message';
import { HOOK_EVENT_REASONS } from '../../shared/reasons';

describe('hookEvent', () => {
  it('makes a Warning event per hook reason, with the container and the handler detail in English and Korean', () => {
    for (const reason of HOOK_EVENT_REASONS) {
      const e = hookEvent({ pod: 'p', container: 'app', reason, detail: "command 'sh -c exit 3' exited with 3", at: '2026-01-01T00:00:00.000Z' });
      expect([e.type, e.reason, e.container, e.at]).toEqual(['Warning', reason, 'app', '2026-01-01T00:00:00.000Z']);
      expect(e.message).toContain(reason === 'FailedPostStartHook' ? 'PostStart hook of container app failed' : 'PreStop hook of container app failed');
      expect(e.message).toContain('exited with 3');
      const ko = render(e.why!, 'ko');
      expect(ko).toContain('app');
      expect(ko).toContain('exited with 3');
      expect(ko).not.toBe(e.message);
    }
  });
});
