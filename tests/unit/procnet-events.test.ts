// Unit tests for the Docker event parser (timeNano beyond 2^53 kept exact), the instant event → model update (the
// event applied to the pod's facts, the pod derived again), and the watch lines derived from two models. The event
// line was captured from this machine's engine.
import { describe, expect, it } from 'vitest';
import type { Model, PodModel } from '../../shared/model';
import { isoFromNanos, LineSplitter, parseEventLine } from '../../electron/engine/runtime/docker/events';
import { applyEventToFacts } from '../../electron/engine/facts/apply';
import type { PodFacts } from '../../electron/engine/facts/types';
import { derivePod, type DeriveContext } from '../../electron/engine/model/derive';
import type { ContainerEvent, ContainerStatus, RuntimeEvent } from '../../electron/engine/runtime/runtime';
import { modelLines } from '../../electron/cli/watchlines';

const DIE =
  '{"status":"die","id":"f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953","from":"podlab-test/pause:local","Type":"container","Action":"die","Actor":{"ID":"f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953","Attributes":{"exitCode":"137","image":"podlab-test/pause:local","io.podlab.pod":"h2-cap","io.podlab.role":"sandbox","name":"h2-cap-sb"}},"scope":"local","time":1795724714,"timeNano":1795724714294654867}';

const SANDBOX_ID = 'f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953';

function status(over: Partial<ContainerStatus> & Pick<ContainerStatus, 'id' | 'name' | 'labels'>): ContainerStatus {
  return {
    image: 'd', state: 'running', pid: 0, exitCode: 0, oomKilled: false, error: '', createdAt: '2026-11-26T20:00:00Z', startedAt: '2026-11-26T20:00:01Z',
    finishedAt: null, restartCount: 0, command: [], args: [], env: [], tty: false, workingDir: '', user: '', hostname: '', joined: { network: null, pid: null },
    ...over,
  };
}

/** What gathering read for pod h2-cap: its running sandbox (pid 10) and web (pid 11), which listens on :::80. */
function podFacts(): PodFacts {
  const sandbox = status({ id: SANDBOX_ID, name: 'h2-cap-sb', image: 'p', pid: 10, labels: { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'sandbox' } });
  const web = status({ id: 'w1', name: 'k8s_web', pid: 11, labels: { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'app', 'io.podlab.container': 'web' } });
  return {
    raw: { name: 'h2-cap', sandbox: { ...sandbox, ports: [], network: { ip: '172.17.0.3', mac: '02:42:ac:11:00:03', gateway: '172.17.0.1' }, netnsPath: null }, apps: [web], spec: null },
    hostPortHolders: [],
    logTails: {},
    events: [],
  };
}

const ctx: DeriveContext = {
  probe: {
    path: 'direct',
    hostIfaces: [{ name: 'veth413584e', ifindex: 9, iflink: 8, mtu: 1500, mac: null, operstate: 'up', master: 'docker0' }],
    netns: new Map([
      [
        10,
        {
          pid: 10,
          links: { net: 'net:[4026532267]', ipc: null, uts: null, pid: null },
          ifaces: [{ name: 'eth0', ifindex: 8, iflink: 9, mtu: 1500, mac: '02:42:ac:11:00:03', operstate: 'up', master: null }],
          files: {
            tcp6:
              '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
              '   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 336496 1 0000000090842377 100 0 0 10 0\n',
          },
        },
      ],
    ]),
    nsNet: new Map([[11, 'net:[4026532267]']]),
    procs: [{ pid: 11, containerId: 'w1', comm: 'httpd', sockets: [336496] }],
    ms: 0,
  },
  at: 0,
  backoff: { baseMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 },
};

/** The live model's instant update: the event applied to the facts, the pod derived from them again. */
function applied(f: PodFacts, ev: RuntimeEvent): { facts: PodFacts; pod: PodModel } {
  const facts = applyEventToFacts(f, ev as ContainerEvent);
  return { facts, pod: derivePod(facts, ctx) };
}

const modelOf = (p: PodModel): Model => ({ engine: { endpoint: 'e', version: 'v' }, host: { bridges: [], veths: [] }, pods: [p] });

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
  it('the derived pod before any event has its network and web holding :::80', () => {
    expect(derivePod(podFacts(), ctx)).toMatchObject({
      phase: 'Running',
      ip: '172.17.0.3',
      hostVeth: 'veth413584e',
      namespaces: { net: 'net:[4026532267]' },
      listening: [{ protocol: 'tcp6', address: '::', port: 80, container: 'web', pid: 11, process: 'httpd' }],
    });
  });
  it('a sandbox die empties the pod network and changes phase; watch prints pod and container lines', () => {
    const before = modelOf(derivePod(podFacts(), ctx));
    const { facts, pod } = applied(podFacts(), parseEventLine(DIE)!);
    expect(facts).not.toBe(podFacts());
    const after = modelOf(pod);
    expect(after.pods[0]).toMatchObject({ ip: null, hostVeth: null, listening: [], namespaces: { net: null } });
    const lines = modelLines(before, after, 'T');
    expect(lines).toEqual([
      expect.objectContaining({ type: 'pod', pod: 'h2-cap', phase: 'Running', netns: null, at: 'T' }),
      expect.objectContaining({ type: 'container', pod: 'h2-cap', container: 'POD', state: 'exited', at: 'T' }),
    ]);
  });
  it('an app die records the exit code; destroy removes it; an unchanged model prints nothing', () => {
    const base = { type: 'container' as const, id: 'w1', timeNano: '1795724714294654867', at: 'T' };
    const attrs = { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'app', 'io.podlab.container': 'web' };
    const prev = modelOf(derivePod(podFacts(), ctx));
    const died = applied(podFacts(), { ...base, action: 'die', attributes: { ...attrs, exitCode: '1' } });
    const m = modelOf(died.pod);
    expect(m.pods[0].containers[0]).toMatchObject({ state: 'exited', exitCode: 1, reason: 'Error', finishedAt: 'T' });
    expect(m.pods[0].listening).toEqual([]);
    expect(modelLines(prev, m, 'T').filter((l) => l.type === 'container')).toEqual([expect.objectContaining({ container: 'web', state: 'exited', exitCode: 1 })]);
    const m2 = modelOf(applied(died.facts, { ...base, action: 'destroy', attributes: attrs }).pod);
    expect(modelLines(m, m2, 'T')).toEqual([
      expect.objectContaining({ type: 'pod', phase: 'Pending', reason: 'no containers yet' }),
      expect.objectContaining({ type: 'container', container: 'web', state: 'removed' }),
    ]);
    expect(modelLines(m2, m2, 'T')).toEqual([]);
  });
  it('a recreated sandbox (attempt+1) and a recreated container replace their predecessors at once', () => {
    const base = { type: 'container' as const, timeNano: '1795724714294654867', at: 'T' };
    const s2 = applied(podFacts(), { ...base, id: 's2', action: 'create', attributes: { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'sandbox', 'io.podlab.attempt': '1', name: 'k8s_POD_h2-cap_default_u_1' } });
    expect(s2.pod.sandbox).toMatchObject({ id: 's2', state: 'created', attempt: 1 });
    expect(s2.pod.ip).toBeNull();
    expect(s2.pod.phase).toBe('Pending');
    const w2 = applied(s2.facts, { ...base, id: 'w2', action: 'create', attributes: { 'io.podlab.pod': 'h2-cap', 'io.podlab.role': 'app', 'io.podlab.container': 'web', 'io.podlab.attempt': '1' } });
    expect(w2.pod.containers).toEqual([expect.objectContaining({ name: 'web', id: 'w2', state: 'created', restartCount: 1 })]);
  });
});
