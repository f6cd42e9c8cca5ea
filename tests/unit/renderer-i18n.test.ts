// UI text: English and Korean have exactly the same keys and placeholders, no empty strings, Korean really is Korean.
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/lib/i18n/en';
import { ko } from '../../renderer/src/lib/i18n/ko';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('i18n', () => {
  it('en and ko have the same keys', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });
  it('every message keeps the same placeholders and is not empty', () => {
    for (const [k, v] of Object.entries(en)) {
      const kv = ko[k as keyof typeof en];
      expect(v.trim(), k).not.toBe('');
      expect(kv.trim(), k).not.toBe('');
      expect(placeholders(kv), k).toEqual(placeholders(v));
    }
  });
  it('Korean text contains Hangul where English has words (not left untranslated)', () => {
    const untranslated = Object.entries(ko).filter(([k, v]) => v === en[k as keyof typeof en] && /[a-z]{4,}/i.test(v));
    expect(untranslated.map(([k]) => k).filter((k) => !['detail.mac'].includes(k))).toEqual([]);
    expect(Object.values(ko).filter((v) => /[\uac00-\ud7af]/.test(v)).length).toBeGreaterThan(Object.keys(ko).length * 0.8);
  });
});
