// Guessing the port of a bind failure whose log names none (shared/conflicts/portguess.ts), the sentence that says
// how sure it is (explainPodPort), and the UI's Korean/English rendering of it from the conflict's fields.
import { describe, expect, it } from 'vitest';
import { guessPort, portNumbersIn } from '../../shared/conflicts/portguess';
import { explainPodPort } from '../../shared/conflicts/explain';
import { explainConflict } from '../../shared/conflicts/explain';
import type { Lang } from '../../shared/i18n/message';
import type { Conflict } from '../../shared/model';

// The UI renders conflicts from their facts in a language (shared/i18n); these name the two languages.
const en: Lang = 'en';
const ko: Lang = 'ko';
const translator = (lang: Lang): Lang => lang;

describe('portNumbersIn', () => {
  it('finds standalone port numbers, not parts of versions or IPs', () => {
    expect(portNumbersIn('--listen=0.0.0.0:6000')).toEqual([6000]);
    expect(portNumbersIn('PORT=6000')).toEqual([6000]);
    expect(portNumbersIn('myapp-1.2.3')).toEqual([]);
    expect(portNumbersIn('99999 0 53')).toEqual([53]);
  });
});

describe('guessPort', () => {
  const held = [{ port: 6000, protocol: 'udp' as const }, { port: 80, protocol: 'tcp' as const }];
  it('its command names one held port on one protocol: likely', () => {
    expect(guessPort([{ source: 'command', words: ['/tmp/srv', '6000'] }, { source: 'env', words: ['HOME=/root'] }], held)).toEqual({
      port: 6000, protocol: 'udp', source: 'command', word: '6000', confidence: 'likely',
    });
  });
  it('only the environment names it, or two held ports are named: a guess', () => {
    expect(guessPort([{ source: 'command', words: ['/srv'] }, { source: 'env', words: ['PORT=6000'] }], held)).toMatchObject({ port: 6000, source: 'env', word: 'PORT=6000', confidence: 'possible' });
    expect(guessPort([{ source: 'command', words: ['srv 80 6000'] }], held)).toMatchObject({ port: 80, confidence: 'possible' });
  });
  it('held on both protocols: a guess; nothing named that is held: no guess', () => {
    expect(guessPort([{ source: 'command', words: ['53'] }], [{ port: 53, protocol: 'udp' }, { port: 53, protocol: 'tcp' }])).toMatchObject({ confidence: 'possible' });
    expect(guessPort([{ source: 'command', words: ['sleep', '3600'] }], held)).toBeNull();
  });
});

describe('the sentences', () => {
  const guess = { source: 'command' as const, word: '6000', confidence: 'likely' as const };
  const facts = {
    victim: 'second', exitCode: 1, protocol: 'udp' as const, port: 6000, netns: 'net:[4026532184]', restartPolicy: 'Never' as const, duplicateDeclared: false,
    holder: { container: 'first', process: 'udp-listen', pid: 42 }, evidence: 'guessed' as const, guess,
  };
  it('the engine says which port, why, and how sure', () => {
    expect(explainPodPort(facts).message).toBe(
      'second exited (1): its bind failed, most likely on port 6000/udp, in use in this pod\'s network namespace net:[4026532184] — held by container first (udp-listen, pid 42). ' +
        'How sure: likely — its command names 6000 ("6000") and 6000/udp is held in this pod; its log and manifest name no port. In Kubernetes: the container stays Terminated (Error) because restartPolicy is Never.',
    );
  });
  it('the UI renders it from the conflict\'s fields in English and Korean', () => {
    const c: Conflict = { kind: 'pod-port', protocol: 'udp', port: 6000, holder: { pod: 'p', container: 'first', process: 'udp-listen', pid: 42 }, victim: { pod: 'p', container: 'second' }, message: explainPodPort(facts).message, netns: 'net:[4026532184]', guess };
    expect(explainConflict(translator(en), c, null).text).toMatch(/most likely on port 6000\/udp.*How sure: likely — its command names 6000/);
    expect(explainConflict(translator(ko), c, null).text).toMatch(/포트 6000\/udp일 가능성이 크며.*확신 정도: 높음 — 명령줄에 6000가/);
  });
});
