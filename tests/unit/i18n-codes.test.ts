// Every message code renders in English and in Korean: a code missing from either dictionary, an empty rendering, an
// unfilled placeholder or Korean that is still English fails here. Also: render() nests messages in one language.
import { describe, expect, it } from 'vitest';
import { MESSAGE_CODES, type MessageCode } from '../../shared/i18n/codes';
import { en } from '../../shared/i18n/en';
import { ko } from '../../shared/i18n/ko';
import { LANGS, msg, render } from '../../shared/i18n/message';

const hangul = /[\uac00-\ud7af]/;
/** Codes whose words are not podlab's: a Kubernetes word, Docker's own text, a joint of two sentences or a number. */
const SAME_IN_EVERY_LANGUAGE = new Set<MessageCode>([
  'pod.kubernetesReason', 'container.engineError', 'event.text', 'event.backOffBecause', 'conflict.processPid', 'conflict.pid',
  'k8s.crashLoop', 'k8s.crash', 'k8s.withDuplicate', 'conflict.onAddress', 'manifest.apiWarning',
]);

/** Every placeholder a code's English template names, filled with a sample value. */
function sampleParams(code: MessageCode): Record<string, string> {
  const t = en[code];
  const names = typeof t === 'string' ? [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!) : [];
  return Object.fromEntries(names.map((n) => [n, `<${n}>`]));
}

describe('message codes', () => {
  it('each code has an English and a Korean rendering, and the dictionaries hold nothing else', () => {
    for (const dict of [en, ko]) {
      expect(Object.keys(dict).sort()).toEqual([...MESSAGE_CODES].sort());
      for (const code of MESSAGE_CODES) expect(dict[code], code).toBeTruthy();
    }
  });

  it('every placeholder is filled in both languages, and Korean is Korean', () => {
    for (const code of MESSAGE_CODES) {
      const params = sampleParams(code);
      for (const lang of LANGS) {
        const text = render(msg(code, params), lang);
        expect(text, `${code} (${lang})`).not.toMatch(/\{\w+\}/);
        // The Korean sentence uses the same facts as the English one.
        for (const v of Object.values(params)) expect(text, `${code} (${lang}) lacks ${v}`).toContain(v);
      }
      if (!SAME_IN_EVERY_LANGUAGE.has(code)) expect(render(msg(code, params), 'ko'), code).toMatch(hangul);
    }
  });

  it('nested messages render in the outer message\'s language; null parameters render as nothing', () => {
    const m = msg('event.created', { who: msg('event.whoContainer', { name: 'web' }) });
    expect(render(m, 'en')).toBe('Created container web');
    expect(render(m, 'ko')).toBe('web 컨테이너 생성됨');
    expect(render(msg('conflict.podPort', { victim: 'a', exit: msg('conflict.failed'), port: '80/tcp', on: null, where: msg('conflict.netnsUnnamed'), holder: msg('conflict.heldByNothingVisible') }))).toBe(
      "a failed: port 80/tcp is already in use in this pod's network namespace — held by something podlab cannot see.",
    );
  });
});
