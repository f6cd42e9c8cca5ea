// A container that failed fast without a bind-failure line is blamed on a held port only when its log says nothing
// else: a log that names another reason ("nc: invalid option -- 'k'") is shown instead of an inferred port conflict.
// The inferred sentence names where the port came from: the manifest's ports, or the command line.
import { describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { podPortConflicts } from '../../electron/engine/conflicts/podports';

const startedAt = '2026-12-02T03:00:00.000Z';
const finishedAt = '2026-12-02T03:00:01.000Z';
const pod = {
  name: 'nu-check',
  restartPolicy: 'Always',
  namespaces: { net: 'net:[4026532184]' },
  containers: [
    { id: 'a', name: 'side', state: 'exited', exitCode: 1, startedAt, finishedAt, ports: [{ containerPort: 6000, protocol: 'tcp' }] },
    { id: 'b', name: 'side2', state: 'running', exitCode: null, startedAt, ports: [] },
  ],
  listening: [{ protocol: 'tcp', address: '0.0.0.0', port: 6000, container: 'side2', pid: 42, process: 'nc' }],
} as unknown as PodModel;

describe('pod-port inference from a quick failure without a bind-failure line', () => {
  it('blames the held port when the log says nothing', () => {
    const r = podPortConflicts(pod, { a: [] }, { a: ['nc', '-l', '-p', '6000'] }, Date.now());
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ port: 6000, evidence: 'declared' });
    expect(r.conflicts[0]!.message).toContain('port 6000/tcp, which it declares, is already in use');
  });

  it('says the port came from its command line when its manifest does not declare it', () => {
    const undeclared = { ...pod, containers: pod.containers.map((c) => (c.id === 'a' ? { ...c, ports: [] } : c)) } as PodModel;
    const r = podPortConflicts(undeclared, { a: [] }, { a: ['nc', '-l', '-p', '6000'] }, Date.now());
    expect(r.conflicts[0]).toMatchObject({ port: 6000, evidence: 'declared' });
    expect(r.conflicts[0]!.message).toContain('port 6000/tcp, which its command line names, is already in use');
    expect(r.conflicts[0]!.message).toContain('inferred from its command line');
    expect(r.conflicts[0]!.message).not.toContain('declares');
  });

  it("shows the log's own reason instead when it names one", () => {
    const lines = ["nc: invalid option -- 'k'", 'BusyBox v1.35.0 multi-call binary.', 'Usage: nc [OPTIONS] HOST PORT'];
    const r = podPortConflicts(pod, { a: lines }, { a: ['nc', '-lk', '-p', '6000'] }, Date.now());
    expect(r.conflicts).toEqual([]);
    expect(r.victims.get('side')?.message).toContain("nc: invalid option -- 'k'");
  });
});
