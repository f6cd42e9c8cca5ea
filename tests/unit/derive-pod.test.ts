// The pure derivation of pods from a recorded fact set: no engine, no /proc — the same facts always give the same pod,
// and the facts are left as they were.
import { describe, expect, it } from 'vitest';
import { derivePod, deriveModel, recordEvents } from '../../electron/engine/model/derive';
import type { ContainerModel, PodEvent } from '../../shared/model';
import type { PodFacts } from '../../electron/engine/facts/types';
import type { PodSpec } from '../../shared/manifest/types';
import type { ContainerStatus } from '../../electron/engine/runtime/runtime';
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

describe('a container that could not start (the restart state, as a kubelet shows it)', () => {
  const [web, web2] = conflictPod.raw.apps as [ContainerStatus, ContainerStatus];
  const error = 'exec: "/nonexistent": stat /nonexistent: no such file or directory';
  // Docker's facts for it: created, never started or finished, its error and exit code 127 (created 10:00:00).
  const broken = (over: Partial<ContainerStatus>): PodFacts => ({
    ...conflictPod,
    logTails: {},
    raw: { ...conflictPod.raw, apps: [web, { ...web2, state: 'created', exitCode: 127, error, startedAt: null, finishedAt: null, ...over }] },
  });
  const brokenAt = (f: PodFacts, at: string): ContainerModel => derivePod(f, { ...facts, at: Date.parse(at) }).containers.find((c) => c.name === 'web-2')!;

  it('is RunContainerError on its first attempt, then CrashLoopBackOff while the kubelet backs off its next ones', () => {
    expect(brokenAt(broken({}), '2026-11-30T10:00:01Z')).toMatchObject({ state: 'created', reason: 'RunContainerError', message: error, nextRestartAt: '2026-11-30T10:00:10.000Z' });
    const second = broken({ labels: { ...web2.labels, 'io.podlab.attempt': '2', 'io.podlab.backoff': '2' } });
    expect(brokenAt(second, '2026-11-30T10:00:01Z')).toMatchObject({ reason: 'CrashLoopBackOff', restartCount: 2, message: error, nextRestartAt: '2026-11-30T10:00:40.000Z' });
  });

  it('has the events kubectl describe shows: Warning Failed "Error: …" for each attempt, and BackOff while it backs off', () => {
    const at = '2026-11-30T10:00:00.000Z';
    const first = derivePod(broken({}), { ...facts, at: Date.parse('2026-11-30T10:00:01Z') }).events ?? [];
    expect(first.filter((e) => e.container === 'web-2').map((e) => [e.type, e.reason, e.at, e.message])).toEqual([['Warning', 'Failed', at, `Error: ${error}`]]);
    const second = broken({ labels: { ...web2.labels, 'io.podlab.attempt': '2', 'io.podlab.backoff': '2' } });
    const later = derivePod(second, { ...facts, at: Date.parse('2026-11-30T10:00:01Z') }).events ?? [];
    expect(later.filter((e) => e.container === 'web-2').map((e) => e.reason).sort()).toEqual(['BackOff', 'Failed']);
    expect(later.find((e) => e.reason === 'BackOff')?.message).toBe('Back-off restarting failed container web-2 in pod port-conflict');
  });

  it('is RunContainerError under restartPolicy Never too, with no restart to come', () => {
    const f = broken({});
    const spec: PodSpec = { name: 'port-conflict', labels: {}, shareProcessNamespace: false, containers: [{ name: 'web', image: 'x', ports: [] }, { name: 'web-2', image: 'x', ports: [] }], restartPolicy: 'Never' };
    const c = brokenAt({ ...f, raw: { ...f.raw, spec } }, '2026-11-30T10:00:01Z');
    expect(c.reason).toBe('RunContainerError');
    expect(c.nextRestartAt).toBeUndefined();
  });

  it('Podman records nothing: left created 10 s while its sandbox runs, it is taken as a start that failed', () => {
    const podman = broken({ exitCode: 0, error: '' });
    expect(brokenAt(podman, '2026-11-30T10:00:09Z')).toMatchObject({ reason: 'ContainerCreating' });
    const late = brokenAt(podman, '2026-11-30T10:00:10.500Z');
    expect(late).toMatchObject({ reason: 'RunContainerError', nextRestartAt: '2026-11-30T10:00:10.000Z' });
    expect(late.message).toContain('recorded no reason');
    const failed = (derivePod(podman, { ...facts, at: Date.parse('2026-11-30T10:00:10.500Z') }).events ?? []).find((e) => e.reason === 'Failed');
    expect(failed).toMatchObject({ type: 'Warning', container: 'web-2', why: { code: 'container.startUnrecorded' } });
    // Waiting for a re-run init phase is not a failure, however long it takes.
    const waiting = broken({ exitCode: 0, error: '', labels: { ...web2.labels, 'io.podlab.await-init': 'true' } });
    expect(brokenAt(waiting, '2026-11-30T10:05:00Z').reason).toBe('ContainerCreating');
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
