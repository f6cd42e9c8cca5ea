// diffSnapshots on hand-written snapshots: a sandbox restart (new netns/IP/MAC/veth, stranded container),
// pods added/removed, listeners and conflicts, and the text renderer.
import { describe, expect, it } from 'vitest';
import { diffSnapshots, renderDiffText } from '../../shared/render/diff';
import type { Snapshot } from '../../shared/model';
import { after, before } from './fixtures/snapshot-fixtures';

describe('diffSnapshots', () => {
  const d = diffSnapshots(before, after);

  it('finds pods added and removed', () => {
    expect(d.changed).toBe(true);
    expect(d.podsAdded.map((p) => p.name)).toEqual(['multi-port']);
    expect(d.podsRemoved.map((p) => p.name)).toEqual(['port-conflict']);
    expect(d.podsRemoved[0].netns).toBe('net:[4026532290]');
  });

  it('shows the new netns, IP, MAC, veth and sandbox after a sandbox restart', () => {
    const web = d.podsChanged.find((p) => p.name === 'web-sidecar');
    expect(web).toBeDefined();
    expect(web?.netns).toEqual({ from: 'net:[4026532184]', to: 'net:[4026532400]' });
    expect(web?.ip).toEqual({ from: '172.17.0.2', to: '172.17.0.4' });
    expect(web?.mac).toEqual({ from: '02:42:ac:11:00:02', to: '02:42:ac:11:00:04' });
    expect(web?.hostVeth).toEqual({ from: 'veth1a2b3c4', to: 'veth7d7d7d7' });
    expect(web?.sandbox?.to?.pid).toBe(42001);
    expect(web?.phase).toBeUndefined();
  });

  it('reports closed listeners, changed containers and the stranded container', () => {
    const web = d.podsChanged.find((p) => p.name === 'web-sidecar');
    expect(web?.listenersClosed.map((l) => `${l.protocol}:${l.port}:${l.container}`)).toEqual(['tcp:80:web']);
    expect(web?.listenersOpened).toEqual([]);
    expect(web?.containers).toEqual([
      { container: 'sidecar', from: expect.objectContaining({ state: 'running' }), to: expect.objectContaining({ state: 'exited', exitCode: 137, reason: 'Error' }) },
    ]);
    expect(web?.notes.join('\n')).toMatch(/web is still in the old network namespace net:\[4026532184\].*SandboxChanged/);
  });

  it('finds host veths added and removed', () => {
    expect(d.vethsAdded.map((v) => v.name).sort()).toEqual(['veth5555555', 'veth7d7d7d7']);
    expect(d.vethsRemoved.map((v) => v.name).sort()).toEqual(['veth1a2b3c4', 'veth9f8e7d6']);
  });

  it('sees conflicts appear and clear, and ports open', () => {
    const a: Snapshot = { ...before, pods: [{ ...before.pods[1], conflicts: [], ports: [] }] };
    const b: Snapshot = { ...before, pods: [{ ...before.pods[1], ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }] };
    const fwd = diffSnapshots(a, b);
    expect(fwd.podsChanged[0].conflictsAppeared.map((c) => c.port)).toEqual([80]);
    expect(fwd.podsChanged[0].portsOpened).toHaveLength(1);
    const back = diffSnapshots(b, a);
    expect(back.podsChanged[0].conflictsCleared.map((c) => c.victim.container)).toEqual(['web-2']);
    expect(back.podsChanged[0].portsClosed).toHaveLength(1);
  });

  it('says there are no changes for the same snapshot', () => {
    const same = diffSnapshots(before, { ...before, takenAt: '2026-11-26T20:04:00.000Z' });
    expect(same.changed).toBe(false);
    expect(renderDiffText(same)).toContain('No changes');
  });

  it('notes when the files are given newest first', () => {
    expect(renderDiffText(diffSnapshots(after, before))).toContain('the second snapshot is the older one');
    expect(renderDiffText(d)).not.toContain('older one');
  });

  it('words the notes in Korean for a Korean reader, from their codes; the English stays in `notes`', () => {
    const ko = renderDiffText(d, 'ko');
    expect(ko).toContain('  참고: web는 아직 옛 네트워크 네임스페이스 net:[4026532184]에 있고, 샌드박스의 새 net:[4026532400]에 있지 않습니다');
    expect(ko).toContain('SandboxChanged');
    expect(ko).not.toContain('is still in the old network namespace');
    expect(renderDiffText(diffSnapshots(after, before), 'ko')).toContain('두 번째 스냅숏이 더 오래된 것입니다');
    expect(renderDiffText(d)).toContain('  note: web is still in the old network namespace net:[4026532184]');
    const web = d.podsChanged.find((p) => p.name === 'web-sidecar');
    expect(web?.noteMessages?.map((m) => m.code)).toEqual(['diff.strandedNote']);
  });

  it('words the diff for people', () => {
    const text = renderDiffText(d);
    expect(text).toContain('+ pod multi-port');
    expect(text).toContain('- pod port-conflict');
    expect(text).toContain('netns: net:[4026532184] → net:[4026532400]');
    expect(text).toContain('IP: 172.17.0.2 → 172.17.0.4');
    expect(text).toContain('- listening tcp 0.0.0.0:80 (web, httpd pid 41302)');
    expect(text).toContain('container sidecar: running → exited, exit 137, Error');
    expect(text).toContain('+ veth7d7d7d7');
    expect(text).toContain('3 pods changed (1 added, 1 removed, 1 modified).');
  });
});
