// Secret data decoding without a platform API: the same answers as Node's Buffer/atob + TextDecoder.
import { describe, expect, it } from 'vitest';
import { decodeBase64Text } from '../../shared/manifest/base64';

describe('decodeBase64Text', () => {
  const samples = ['', 'admin', '1f2d1e2e67df', 'héllo wörld', '한국어 비밀', 'emoji 🔑 key', 'a\nb\tc', 'x'.repeat(1000)];
  for (const text of samples) {
    it(`round-trips ${JSON.stringify(text.slice(0, 20))}`, () => {
      const b64 = Buffer.from(text, 'utf8').toString('base64');
      expect(decodeBase64Text(b64)).toBe(text);
      expect(decodeBase64Text(b64.replace(/=+$/, ''))).toBe(text);
      expect(decodeBase64Text(b64.replace(/(.{4})/g, '$1\n'))).toBe(text);
    });
  }
  it('refuses what is not base64, as atob does', () => {
    for (const bad of ['abc$', 'a', 'abcde', '====', 'ab=c']) {
      let atobOk = true;
      try {
        atob(bad);
      } catch {
        atobOk = false;
      }
      expect(decodeBase64Text(bad) !== null, bad).toBe(atobOk);
    }
  });
  it('turns malformed UTF-8 into U+FFFD like TextDecoder', () => {
    for (const bytes of [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x61, 0x80, 0x62], [0xf0, 0x9f, 0x94, 0x91]]) {
      const b64 = Buffer.from(bytes).toString('base64');
      expect(decodeBase64Text(b64)).toBe(new TextDecoder().decode(Uint8Array.from(bytes)));
    }
  });
});
