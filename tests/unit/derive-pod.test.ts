// The pure derivation of pods from a recorded fact set: no engine, no /proc — the same facts always give the same pod,
// and the facts are left as they were.
import { describe, expect, it } from 'vitest';
import { derivePod, deriveModel, recordEvents } from '../../electron/engine/model/derive';
import type { PodEvent } from '../../shared/model';
import { conflictPod, facts, pendingPod } from './fixtures/derive-facts';

describe('derivePod', () => {
  it('explains a pod-port conflict: holder, victim, CrashLoopBackOff and the kubelet BackOff event', () => {
    const pod = derivePod(conflictPod, facts);
    expect(pod).toMatchObject({ name: 'port-conflict', phase: 'Running', ip: '172.17.0.2', hostVeth: 'veth1a2b3c', namespaces: { net: 'net:[4026532184]' } });
    expect(pod.listening).toEqual([expect.objectContaining({ protocol: 'tcp', port: 80, container: 'web', process: 'httpd', pid: 4200 })]);
    expect(pod.conflicts).toEqual([
      expect.objectContaining({ kind: 'pod-port', port: 80, protocol: 'tcp', victim: { pod: 'port-conflict', container: 'web-2' }, holder: expect.objectContaining({ container: 'web', process: 'httpd', pid: 4200 }) }),
    ]);
    const web2 = pod.containers.find((c) => c.name === 'web-2')!;
    expect(web2).toMatchObject({ state: 'exited', exitCode: 1, reason: 'CrashLoopBackOff', nextRestartAt: '2026-11-30T10:00:10.200Z' });
    expect(web2.message).toMatch(/port 80\/tcp is already in use .* held by container web \(httpd, pid 4200\)/);
    expect(pod.containers.find((c) => c.name === 'web')).toMatchObject({ state: 'running', reason: null });
    expect(pod.events).toEqual([expect.objectContaining({ type: 'Warning', reason: 'BackOff', container: 'web-2', at: '2026-11-30T10:00:00.200Z' })]);
  });

  it('keeps a pod Pending on a taken hostPort and names the pod that holds it', () => {
    const pod = derivePod(pendingPod, facts);
    expect(pod).toMatchObject({ phase: 'Pending', reason: 'hostPort 8080/tcp is already allocated to pod clash', ip: null });
    expect(pod.conflicts).toEqual([expect.objectContaining({ kind: 'host-port', port: 8080, holder: expect.objectContaining({ pod: 'clash' }), at: '2026-11-30T10:06:00.000Z' })]);
    expect(pod.events).toEqual([expect.objectContaining({ reason: 'FailedScheduling', at: '2026-11-30T10:05:00.000Z' })]);
  });

  it('is pure: the same facts give the same model, and the facts are not changed', () => {
    const before = JSON.stringify(facts, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
    const a = deriveModel(facts);
    const b = deriveModel(facts);
    expect(a).toEqual(b);
    expect(JSON.stringify(facts, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v))).toBe(before);
    expect(a.host.veths).toEqual([expect.objectContaining({ name: 'veth1a2b3c', pod: 'port-conflict', bridge: 'docker0' })]);
  });
});

describe('recordEvents (the live model\'s timeline)', () => {
  const backOff = (at: string): PodEvent => ({ at, type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container web-2 in pod port-conflict', container: 'web-2' });
  // web-2 started at 10:00:00.100 and exited at .200 (inspect); the engine's die event came at .480, after its teardown.
  const died: PodEvent = { at: '2026-11-30T10:00:00.480Z', type: 'Warning', reason: 'Died', message: 'container web-2 exited (1)', container: 'web-2' };

  it('a BackOff derived again for the same attempt replaces the one recorded before; an earlier attempt\'s stays', () => {
    const pod = derivePod(conflictPod, facts);
    const earlier = backOff('2026-11-30T09:59:00.000Z');
    const out = recordEvents([earlier, backOff(died.at), died], pod);
    expect(out.filter((e) => e.reason === 'BackOff').map((e) => e.at)).toEqual([earlier.at, '2026-11-30T10:00:00.200Z']);
    expect(out.find((e) => e.at === '2026-11-30T10:00:00.200Z')?.message).toContain('port 80/tcp is already in use');
    expect(out).toContainEqual(died);
  });

  it('keeps what was recorded when the fresh derivation has no such event for the container', () => {
    const pod = { ...derivePod(conflictPod, facts), events: [] };
    const recorded = [backOff(died.at), died];
    expect(recordEvents(recorded, pod)).toEqual(recorded);
  });
});
