// Unit tests for the Kubernetes-style pod events: the ones derived from a built pod (BackOff with the explanation,
// Failed, FailedScheduling), the ones mapped from engine events (Pulled + Created, SandboxChanged at the label's
// time), and watch lines for a reason / next-restart change.
import { describe, expect, it } from 'vitest';
import type { Conflict, Model, PodModel } from '../../shared/model';
import { podEventsOf } from '../../electron/engine/model/apply';
import { BackOffHistory, FAILED_SCHEDULING_MESSAGE, kubeletEvents } from '../../electron/engine/kubelet/events';
import { modelLines } from '../../electron/cli/watchlines';
import type { RuntimeEvent } from '../../electron/engine/runtime/runtime';

function pod(over: Partial<PodModel> = {}): PodModel {
  return {
    name: 'w2b-p',
    phase: 'Running',
    sandbox: { id: 's1', name: 'k8s_POD_w2b-p_default_u_0', image: 'pause', state: 'running', pid: 10 },
    namespaces: { net: 'net:[1]' },
    ip: '172.17.0.3',
    mac: null,
    hostVeth: null,
    ports: [],
    listening: [],
    containers: [
      { name: 'web', id: 'w1', image: 'd', state: 'running', exitCode: null, restartCount: 0, reason: null, namespaces: { net: 'net:[1]' } },
      {
        name: 'web-2',
        id: 'w2',
        image: 'd',
        state: 'exited',
        exitCode: 1,
        restartCount: 0,
        reason: 'CrashLoopBackOff',
        namespaces: { net: null },
        finishedAt: '2026-11-26T20:25:14.294654867Z',
        nextRestartAt: '2026-11-26T20:25:24.294Z',
      },
    ],
    conflicts: [],
    createdAt: '2026-11-26T20:25:10.100200300Z',
    ...over,
  };
}

const podPort: Conflict = {
  kind: 'pod-port',
  protocol: 'tcp',
  port: 80,
  holder: { pod: 'w2b-p', container: 'web' },
  victim: { pod: 'w2b-p', container: 'web-2' },
  message: 'web-2 exited (1): port 80/tcp is already in use in this pod\'s network namespace net:[1] — held by container web (httpd, pid 5).',
};

describe('events derived from the built pod', () => {
  it('a container in back-off gets BackOff at its exit (millisecond ISO); a pod-port victim\'s carries the explanation', () => {
    expect(kubeletEvents(pod())).toEqual([
      { at: '2026-11-26T20:25:14.294Z', type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container web-2 in pod w2b-p', container: 'web-2' },
    ]);
    const [e] = kubeletEvents(pod({ conflicts: [podPort] }));
    expect(e).toMatchObject({ type: 'Warning', reason: 'BackOff', container: 'web-2' });
    expect(e!.message).toBe(`Back-off restarting failed container web-2 in pod w2b-p — ${podPort.message}`);
  });

  it('a pod-port victim that stays terminated (restartPolicy Never) gets Failed with the explanation; a running pod nothing', () => {
    const p = pod({ conflicts: [podPort] });
    p.containers[1]!.reason = 'Error';
    expect(kubeletEvents(p)).toEqual([{ at: '2026-11-26T20:25:14.294Z', type: 'Warning', reason: 'Failed', message: podPort.message, container: 'web-2' }]);
    const ok = pod();
    ok.containers = [ok.containers[0]!];
    expect(kubeletEvents(ok)).toEqual([]);
  });

  it('a pod Pending on a taken hostPort gets FailedScheduling at the sandbox\'s creation', () => {
    const hp: Conflict = { ...podPort, kind: 'host-port', port: 8080, holder: { pod: 'w2b-a', container: null }, victim: { pod: 'w2b-p', container: null } };
    const p = pod({ phase: 'Pending', containers: [], conflicts: [hp], sandbox: { id: 's1', name: 'x', image: 'pause', state: 'created', pid: 0 } });
    expect(kubeletEvents(p)).toEqual([{ at: '2026-11-26T20:25:10.100Z', type: 'Warning', reason: 'FailedScheduling', message: FAILED_SCHEDULING_MESSAGE, container: null }]);
    expect(FAILED_SCHEDULING_MESSAGE).toBe("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.");
  });
});

describe('events mapped from the engine\'s', () => {
  const base: RuntimeEvent = { type: 'container', action: 'create', id: 'c2', timeNano: '1795724714294654867', at: '2026-11-26T20:25:14.294Z', attributes: {} };
  it('an app container\'s create is Pulled then Created; start is Started; kill is Killing', () => {
    const attrs = { 'io.podlab.pod': 'w2b-p', 'io.podlab.role': 'app', 'io.podlab.container': 'web-2', image: 'podlab-test/demo:local' };
    expect(podEventsOf({ ...base, attributes: attrs }).map((e) => [e.reason, e.message, e.container])).toEqual([
      ['Pulled', 'Container image "podlab-test/demo:local" already present on machine', 'web-2'],
      ['Created', 'Created container web-2', 'web-2'],
    ]);
    expect(podEventsOf({ ...base, action: 'start', attributes: attrs })[0]).toMatchObject({ reason: 'Started', message: 'Started container web-2' });
    expect(podEventsOf({ ...base, action: 'kill', attributes: { ...attrs, signal: '9' } })[0]).toMatchObject({ reason: 'Killing', type: 'Normal' });
    expect(podEventsOf({ ...base, action: 'exec_start', attributes: attrs })).toEqual([]);
  });
  it('an ephemeral (debug) container is named as in the pod (its own label), not by its engine name', () => {
    const attrs = { 'io.podlab.pod': 'w2b-p', 'io.podlab.role': 'ephemeral', 'io.podlab.ephemeral': 'debugger-abcde', name: 'k8s_debugger-abcde_w2b-p_default_u_0', image: 'busybox' };
    expect(podEventsOf({ ...base, attributes: attrs }).map((e) => [e.reason, e.message, e.container])).toEqual([
      ['Pulled', 'Container image "busybox" already present on machine', 'debugger-abcde'],
      ['Created', 'Created container debugger-abcde', 'debugger-abcde'],
    ]);
    expect(podEventsOf({ ...base, action: 'die', attributes: { ...attrs, exitCode: '0' } })[0]).toMatchObject({ reason: 'Completed', container: 'debugger-abcde' });
  });
  it('a re-created sandbox is SandboxChanged at its label\'s time (so it merges with the one derived from the label)', () => {
    const attrs = { 'io.podlab.pod': 'w2b-p', 'io.podlab.role': 'sandbox', 'io.podlab.sandbox-changed': '2026-11-26T20:25:13.001Z' };
    expect(podEventsOf({ ...base, attributes: attrs })).toEqual([
      { at: '2026-11-26T20:25:13.001Z', type: 'Normal', reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.', container: null },
      { at: base.at, type: 'Normal', reason: 'Created', message: 'Created sandbox', container: null },
    ]);
  });
});

describe('BackOff in a replay of engine events', () => {
  const app = { 'io.podlab.pod': 'w2b-p', 'io.podlab.role': 'app', 'io.podlab.container': 'crash' };
  const ev = (action: string, at: string, attributes: Record<string, string>): RuntimeEvent => ({ type: 'container', action, id: 'x', timeNano: '1', at, attributes });
  it('a restart by the manager (backoff label >= 1) after a non-zero exit is a BackOff at that exit', () => {
    const h = new BackOffHistory();
    expect(h.see(ev('die', 'T1', { ...app, exitCode: '2' }))).toBeNull();
    expect(h.see(ev('create', 'T2', { ...app, 'io.podlab.attempt': '1', 'io.podlab.backoff': '1' }))).toEqual({
      at: 'T1', type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container crash in pod w2b-p', container: 'crash',
    });
  });
  it('no BackOff for a first create, a SandboxChanged re-creation (backoff 0) or after a clean exit', () => {
    const h = new BackOffHistory();
    expect(h.see(ev('create', 'T0', { ...app, 'io.podlab.attempt': '0' }))).toBeNull();
    h.see(ev('die', 'T1', { ...app, exitCode: '137' }));
    expect(h.see(ev('create', 'T2', { ...app, 'io.podlab.attempt': '1', 'io.podlab.backoff': '0' }))).toBeNull();
    h.see(ev('die', 'T3', { ...app, exitCode: '0' }));
    expect(h.see(ev('create', 'T4', { ...app, 'io.podlab.attempt': '2', 'io.podlab.backoff': '1' }))).toBeNull();
  });
});

describe('watch lines for restart state', () => {
  it('a reason or next restart change alone prints a container line with those fields', () => {
    const m = (p: PodModel): Model => ({ engine: { endpoint: 'e', version: 'v' }, host: { bridges: [], veths: [] }, pods: [p] });
    const before = pod();
    before.containers[1] = { ...before.containers[1]!, reason: 'Error', nextRestartAt: null };
    const after = pod();
    expect(modelLines(m(before), m(after), 'T')).toEqual([
      expect.objectContaining({ type: 'container', container: 'web-2', state: 'exited', reason: 'CrashLoopBackOff', restartCount: 0, nextRestartAt: '2026-11-26T20:25:24.294Z', at: 'T' }),
    ]);
    const later = pod();
    later.containers[1]!.nextRestartAt = '2026-11-26T20:25:44.294Z';
    expect(modelLines(m(after), m(later), 'T')).toHaveLength(1);
    expect(modelLines(m(later), m(later), 'T')).toEqual([]);
  });
});
