// The words a view derives from facts are the engine's words: a conflict's message rebuilt from its facts and its
// pod is the engine's English sentence, and an event without a carried code derives the very message it has. Then
// the same codes give the Korean.
import { describe, expect, it } from 'vitest';
import { conflictMessage, podPortMessages, type PodPortFacts } from '../../shared/conflicts/explain';
import { eventWhy } from '../../shared/i18n/facts';
import { render } from '../../shared/i18n/message';
import type { Conflict, PodModel } from '../../shared/model';
import { podEventsOf } from '../../electron/engine/model/apply';
import { kubeletEvents } from '../../electron/engine/kubelet/events';
import type { RuntimeEvent } from '../../electron/engine/runtime/runtime';
import { conflictPod } from './topology.fixture';

const hangul = /[\uac00-\ud7af]/;

describe('conflict words from facts', () => {
  const pod = conflictPod();
  const variants: Partial<PodPortFacts>[] = [
    { evidence: 'log', address: '127.0.0.1', holder: { container: 'web', process: 'httpd', pid: 7, address: '127.0.0.1' } },
    { evidence: 'declared', holder: { container: null, process: 'httpd', pid: 7 } },
    { evidence: 'guessed', guess: { source: 'env', word: 'PORT=80', confidence: 'possible' }, holder: { container: null, process: null, pid: null } },
  ];
  for (const v of variants) {
    it(`a ${v.evidence} pod-port conflict rebuilds the engine's sentence from the model`, () => {
      const victim = pod.containers.find((c) => c.name === 'web-2')!;
      const f: PodPortFacts = {
        victim: 'web-2', exitCode: victim.exitCode, protocol: 'tcp', port: 80, netns: pod.namespaces.net, holder: { container: 'web', process: null, pid: null },
        evidence: 'log', restartPolicy: pod.restartPolicy ?? 'Always', duplicateDeclared: false, ...v,
      };
      const english = render(podPortMessages(f).message);
      const c: Conflict = {
        kind: 'pod-port', protocol: 'tcp', port: 80, victim: { pod: pod.name, container: 'web-2' }, message: english, netns: f.netns,
        holder: { pod: pod.name, container: f.holder.container, process: f.holder.process, pid: f.holder.pid, address: f.holder.address ?? null },
        evidence: f.evidence, duplicateDeclared: false, address: f.address ?? null, ...(f.guess ? { guess: f.guess } : {}),
      };
      expect(render(conflictMessage(c, pod), 'en')).toBe(english);
      expect(render(conflictMessage(c, pod), 'ko')).toMatch(hangul);
    });
  }
});

describe('event words from facts', () => {
  const base: RuntimeEvent = { type: 'container', action: 'create', id: 'c2', timeNano: '1', at: '2026-11-26T20:25:14.294Z', attributes: {} };
  const app = { 'io.podlab.pod': 'p', 'io.podlab.role': 'app', 'io.podlab.container': 'web-2', image: 'img' };
  const sandbox = { 'io.podlab.pod': 'p', 'io.podlab.role': 'sandbox', 'io.podlab.sandbox-changed': '2026-11-26T20:25:13.001Z' };
  const events = [
    ...podEventsOf({ ...base, attributes: app }),
    ...podEventsOf({ ...base, attributes: sandbox }),
    ...['start', 'kill', 'die', 'oom', 'destroy'].flatMap((action) => podEventsOf({ ...base, action, attributes: { ...app, signal: '15', exitCode: '1' } })),
  ];
  it('every event of the engine renders to its own message in English and to Korean', () => {
    const pod = { name: 'p', conflicts: [], containers: [], restartPolicy: 'Always', namespaces: { net: null } } as Pick<PodModel, 'name' | 'conflicts' | 'containers' | 'restartPolicy' | 'namespaces'>;
    expect(events.length).toBeGreaterThan(6);
    for (const e of events) {
      expect(render(eventWhy(e, pod), 'en'), e.reason).toBe(e.message);
      expect(render(eventWhy(e, pod), 'ko'), e.reason).toMatch(hangul);
    }
  });
  it('the kubelet\'s BackOff and FailedScheduling too', () => {
    const p = conflictPod();
    p.containers[1]!.reason = 'CrashLoopBackOff';
    p.containers[1]!.finishedAt = '2026-11-26T20:25:14.294Z';
    p.conflicts = [];
    const backOff = kubeletEvents(p).find((e) => e.reason === 'BackOff')!;
    expect(render(eventWhy(backOff, p), 'en')).toBe(backOff.message);
    expect(render(eventWhy(backOff, p), 'ko')).toMatch(hangul);
  });
});
