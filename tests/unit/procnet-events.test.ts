// Unit tests for the Docker event parser (timeNano beyond 2^53 kept exact), the instant event → model update,
// and the watch lines derived from two models. The event line was captured from this machine's engine.
import { describe, expect, it } from 'vitest';
import type { Model, PodModel } from '../../shared/model';
import { isoFromNanos, LineSplitter, parseEventLine } from '../../electron/engine/runtime/docker/events';
import { applyContainerEvent } from '../../electron/engine/model/apply';
import { modelLines } from '../../electron/cli/watchlines';

const DIE =
  '{"status":"die","id":"f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953","from":"podlab-test/pause:local","Type":"container","Action":"die","Actor":{"ID":"f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953","Attributes":{"exitCode":"137","image":"podlab-test/pause:local","io.podlab.pod":"h2-cap","io.podlab.role":"sandbox","name":"h2-cap-sb"}},"scope":"local","time":1795724714,"timeNano":1795724714294654867}';

function pod(): PodModel {
  return {
    name: 'h2-cap',
    phase: 'Running',
    sandbox: { id: 'f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953', name: 'h2-cap-sb', image: 'p', state: 'running', pid: 10 },
    namespaces: { net: 'net:[4026532267]' },
    ip: '172.17.0.3',
    mac: '02:42:ac:11:00:03',
    hostVeth: 'veth413584e',
    ports: [],
    listening: [{ protocol: 'tcp6', address: '::', port: 80, container: 'web', pid: 11, process: 'httpd' }],
    containers: [{ name: 'web', id: 'w1', image: 'd', state: 'running', exitCode: null, restartCount: 0, reason: null, namespaces: { net: 'net:[4026532267]' } }],
    conflicts: [],
  };
}

describe('event parsing', () => {
  it('keeps timeNano exact as a string (JSON.parse would round it)', () => {
    const ev = parseEventLine(DIE)!;
    expect(ev.timeNano).toBe('1795724714294654867');
    expect(String(Number(ev.timeNano))).not.toBe(ev.timeNano);
    expect(ev.at).toBe('2026-11-26T20:25:14.294Z');
    expect(ev).toMatchObject({ type: 'container', action: 'die', attributes: { exitCode: '137', 'io.podlab.role': 'sandbox' } });
    expect(isoFromNanos('1795724714999999999')).toBe('2026-11-26T20:25:14.999Z');
  });
  it('splits a chunked stream into lines and skips garbage', () => {
    const s = new LineSplitter();
    expect(s.push(DIE.slice(0, 50))).toEqual([]);
    expect(s.push(DIE.slice(50) + '\n{"Type"')).toEqual([DIE]);
    expect(parseEventLine('not json')).toBeNull();
    expect(parseEventLine('')).toBeNull();
  });
  it('strips exec details from the action', () => {
    expect(parseEventLine('{"Type":"container","Action":"exec_start: nc -l -p 7777","Actor":{"ID":"x","Attributes":{}},"time":1,"timeNano":1000000001}')?.action).toBe('exec_start');
  });
});

describe('instant model updates and watch lines', () => {
  it('a sandbox die empties the pod network and changes phase; watch prints pod and container lines', () => {
    const before: Model = { engine: { endpoint: 'e', version: 'v' }, host: { bridges: [], veths: [] }, pods: [pod()] };
    const after: Model = JSON.parse(JSON.stringify(before)) as Model;
    expect(applyContainerEvent(after.pods[0], parseEventLine(DIE)!)).toBe(true);
    expect(after.pods[0]).toMatchObject({ ip: null, hostVeth: null, listening: [], namespaces: { net: null } });
    const lines = modelLines(before, after, 'T');
    expect(lines).toEqual([
      expect.objectContaining({ type: 'pod', pod: 'h2-cap', phase: 'Running', netns: null, at: 'T' }),
      expect.objectContaining({ type: 'container', pod: 'h2-cap', container: 'POD', state: 'exited', at: 'T' }),
    ]);
  });
  it('an app die records the exit code; destroy removes it; an unchanged model prints nothing', () => {
    const m: Model = { engine: { endpoint: 'e', version: 'v' }, host: { bridges: [], veths: [] }, pods: [pod()] };
    const base = { type: 'container' as const, id: 'w1', timeNano: '1795724714294654867', at: 'T' };
    const attrs = { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'app', 'io.podlab.container': 'web' };
    const prev = JSON.parse(JSON.stringify(m)) as Model;
    applyContainerEvent(m.pods[0], { ...base, action: 'die', attributes: { ...attrs, exitCode: '1' } });
    expect(m.pods[0].containers[0]).toMatchObject({ state: 'exited', exitCode: 1, reason: 'Error', finishedAt: 'T' });
    expect(m.pods[0].listening).toEqual([]);
    expect(modelLines(prev, m, 'T').filter((l) => l.type === 'container')).toEqual([expect.objectContaining({ container: 'web', state: 'exited', exitCode: 1 })]);
    const prev2 = JSON.parse(JSON.stringify(m)) as Model;
    applyContainerEvent(m.pods[0], { ...base, action: 'destroy', attributes: attrs });
    expect(modelLines(prev2, m, 'T')).toEqual([
      expect.objectContaining({ type: 'pod', phase: 'Pending', reason: 'no containers yet' }),
      expect.objectContaining({ type: 'container', container: 'web', state: 'removed' }),
    ]);
    expect(modelLines(m, m, 'T')).toEqual([]);
  });
  it('a recreated sandbox (attempt+1) and a recreated container replace their predecessors at once', () => {
    const p = pod();
    const base = { type: 'container' as const, timeNano: '1795724714294654867', at: 'T' };
    applyContainerEvent(p, { ...base, id: 's2', action: 'create', attributes: { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'sandbox', 'io.podlab.attempt': '1', name: 'k8s_POD_h2-cap_default_u_1' } });
    expect(p.sandbox).toMatchObject({ id: 's2', state: 'created', attempt: 1 });
    expect(p.ip).toBeNull();
    expect(p.phase).toBe('Pending');
    applyContainerEvent(p, { ...base, id: 'w2', action: 'create', attributes: { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'app', 'io.podlab.container': 'web', 'io.podlab.attempt': '1' } });
    expect(p.containers).toEqual([expect.objectContaining({ name: 'web', id: 'w2', state: 'created', restartCount: 1 })]);
  });
});
