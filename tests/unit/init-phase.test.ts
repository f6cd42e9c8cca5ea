// The init phase as kubectl shows it (Init:N/M, PodInitializing) also while re-created apps wait for a re-run init
// phase, and the restart policy each kind of container is restarted under.
import { describe, expect, it } from 'vitest';
import { initPhase, type InitInput } from '../../shared/pod-init';
import { restartPolicyOf } from '../../electron/engine/kubelet/manager';
import { LABEL_INIT_INDEX, LABEL_SIDECAR } from '../../electron/engine/pods/names';

const declared = [{ name: 'one', sidecar: false }, { name: 'side', sidecar: true }, { name: 'two', sidecar: false }];
const base = (over: Partial<InitInput>): InitInput => ({ declared, inits: [], containers: [], restartPolicy: 'Always', ...over });
const reason = (p: InitInput): string | null => initPhase(p)?.why.message.params?.reason?.toString() ?? null;

describe('initPhase', () => {
  it('counts init containers done while the apps wait created (SandboxChanged re-runs the init phase)', () => {
    const app = { name: 'app', state: 'created' as const, sidecar: false };
    expect(reason(base({ inits: [{ name: 'one', state: 'running', exitCode: null, restartCount: 1 }], containers: [app] }))).toBe('Init:0/3');
    expect(reason(base({ inits: [{ name: 'one', state: 'exited', exitCode: 0, restartCount: 1 }], containers: [app, { name: 'side', state: 'running', sidecar: true }] }))).toBe('Init:2/3');
    const allDone = base({
      inits: [{ name: 'one', state: 'exited', exitCode: 0, restartCount: 1 }, { name: 'two', state: 'exited', exitCode: 0, restartCount: 1 }],
      containers: [app, { name: 'side', state: 'running', sidecar: true }],
    });
    expect(reason(allDone)).toBe('PodInitializing');
    expect(initPhase({ ...allDone, containers: [{ ...app, state: 'running' }, { name: 'side', state: 'running', sidecar: true }] })).toBeNull();
  });
});

describe('restartPolicyOf', () => {
  const init = { labels: { [LABEL_INIT_INDEX]: '0' } };
  const sidecar = { labels: { [LABEL_INIT_INDEX]: '1', [LABEL_SIDECAR]: 'true' } };
  const app = { labels: {} };
  it('never runs a completed init container again, restarts a failed one unless Never; sidecars always', () => {
    expect(restartPolicyOf(init, 'Always')).toBe('OnFailure');
    expect(restartPolicyOf(init, 'OnFailure')).toBe('OnFailure');
    expect(restartPolicyOf(init, 'Never')).toBe('Never');
    expect(restartPolicyOf(sidecar, 'Never')).toBe('Always');
    expect(restartPolicyOf(app, 'Never')).toBe('Never');
    expect(restartPolicyOf(app, 'Always')).toBe('Always');
  });
});
