// The CRI replay: events rebuilt from recorded PodSandbox/ContainerStatus answers (the CRI keeps no event history).
import { describe, expect, it } from 'vitest';
import type * as cri from '../../electron/engine/cri/types';
import { podEventsOf } from '../../electron/engine/model/apply';
import { replayFromStatuses } from '../../electron/engine/runtime/cri/replay';

// Shaped like containerd 1.6's answers for a podlab pod `p`: nanosecond times past 2^53, "0" for never.
const T0 = 1_796_131_052_123_456_789n;
const at = (offsetMs: number): string => (T0 + BigInt(offsetMs) * 1_000_000n).toString();
const podLabels = (role: string, container?: string, pod = 'p'): cri.Labels => ({
  'io.podlab.pod': pod,
  'io.podlab.role': role,
  ...(container ? { 'io.podlab.container': container } : {}),
  'io.kubernetes.pod.name': pod,
  'io.kubernetes.pod.namespace': 'default',
  'io.kubernetes.pod.uid': 'u1',
});

const sandbox = (id: string, createdAt: string, labels: cri.Labels): cri.PodSandbox => ({
  id,
  metadata: { name: labels['io.podlab.pod'] ?? 'x', namespace: 'default', uid: 'u1', attempt: 0 },
  state: 'SANDBOX_READY',
  createdAt,
  labels,
  annotations: {},
  runtimeHandler: '',
});

const container = (id: string, name: string, times: { created: string; started: string; finished: string; exitCode?: number }, labels: cri.Labels): cri.ContainerStatus => ({
  id,
  metadata: { name, attempt: 0 },
  state: times.finished !== '0' ? 'CONTAINER_EXITED' : times.started !== '0' ? 'CONTAINER_RUNNING' : 'CONTAINER_CREATED',
  createdAt: times.created,
  startedAt: times.started,
  finishedAt: times.finished,
  exitCode: times.exitCode ?? 0,
  image: { image: 'podlab-test/demo:local' },
  imageRef: 'sha256:abc',
  reason: '',
  message: '',
  labels,
  annotations: {},
  logPath: '',
});

const sandboxes = [sandbox('sb', at(0), podLabels('sandbox')), sandbox('other-sb', at(0), podLabels('sandbox', undefined, 'q'))];
const containers = [
  container('web', 'web', { created: at(100), started: at(150), finished: '0' }, podLabels('app', 'web')),
  container('job', 'job', { created: at(200), started: at(250), finished: at(900), exitCode: 3 }, podLabels('app', 'job')),
  container('idle', 'idle', { created: at(300), started: '0', finished: '0' }, podLabels('app', 'idle')),
  // Not podlab's (a kubelet's): only a filter for any pod of podlab's leaves it out.
  container('kube', 'kube', { created: at(100), started: at(150), finished: '0' }, { 'io.kubernetes.pod.name': 'k' }),
];
const seconds = (offsetMs: number): number => Number(T0 / 1_000_000n + BigInt(offsetMs)) / 1000;

describe('CRI replay from statuses', () => {
  it('rebuilds create/start/die per container, oldest first, with exact nanosecond times and Docker attributes', () => {
    const events = replayFromStatuses(sandboxes, containers, { type: 'container', pod: 'p' }, seconds(-1000), seconds(1000));
    expect(events.map((e) => [e.id, e.action])).toEqual([
      ['sb', 'create'],
      ['sb', 'start'],
      ['web', 'create'],
      ['web', 'start'],
      ['job', 'create'],
      ['job', 'start'],
      ['idle', 'create'],
      ['job', 'die'],
    ]);
    const die = events.find((e) => e.action === 'die');
    expect(die?.timeNano).toBe(at(900));
    expect(die?.at).toBe(new Date(Number(T0 / 1_000_000n) + 900).toISOString());
    expect(die?.attributes).toMatchObject({ exitCode: '3', 'io.podlab.container': 'job', image: 'podlab-test/demo:local', name: 'k8s_job_p_default_u1_0' });
    expect(events[0].attributes).toMatchObject({ 'io.podlab.role': 'sandbox', name: 'k8s_POD_p_default_u1_0' });
  });

  it('keeps only the asked window, pods and actions', () => {
    const window = replayFromStatuses(sandboxes, containers, { type: 'container', pod: 'p' }, seconds(120), seconds(260));
    expect(window.map((e) => `${e.id}:${e.action}`)).toEqual(['web:start', 'job:create', 'job:start']);
    const anyPod = replayFromStatuses(sandboxes, containers, { type: 'container', pod: true, actions: ['start'] }, seconds(-1000), seconds(1000));
    expect(anyPod.map((e) => e.id)).toEqual(['sb', 'other-sb', 'web', 'job']);
    expect(replayFromStatuses(sandboxes, containers, { type: 'network' }, seconds(-1000), seconds(1000))).toEqual([]);
  });

  it('gives the model the same timeline lines as Docker replay does', () => {
    const events = replayFromStatuses(sandboxes, containers, { type: 'container', pod: 'p' }, seconds(-1000), seconds(1000));
    const lines = events.flatMap(podEventsOf).map((e) => [e.reason, e.container]);
    expect(lines).toEqual([
      ['Created', null],
      ['Started', null],
      ['Pulled', 'web'],
      ['Created', 'web'],
      ['Started', 'web'],
      ['Pulled', 'job'],
      ['Created', 'job'],
      ['Started', 'job'],
      ['Pulled', 'idle'],
      ['Created', 'idle'],
      ['Died', 'job'],
    ]);
  });
});
