// What shared/ does instead of platform APIs (it compiles with neither Node nor DOM types): counting UTF-8 bytes the
// way TextEncoder does, and the one CSP in its header and <meta> forms.
import { describe, expect, it } from 'vitest';
import { CSP, CSP_META } from '../../shared/csp';
import { utf8Length } from '../../shared/manifest/parse';

describe('shared without platform APIs', () => {
  it('utf8Length counts bytes exactly as TextEncoder does', () => {
    for (const s of ['', 'apiVersion: v1', '파드 네트워크', 'naïve café', '🚀 pods', 'lone \ud800 surrogate', 'x'.repeat(1000)]) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
  it('the <meta> CSP is the header CSP without frame-ancestors (which browsers ignore in <meta>)', () => {
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(CSP_META).not.toContain('frame-ancestors');
    expect(CSP_META.split('; ')).toEqual(CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')));
  });
});
