// The init phase as kubectl shows it (Init:N/M, PodInitializing) also while re-created apps wait for a re-run init
// phase, the restart policy each kind of container is restarted under, when a waiting phase needs another look, and
// Podman's own states read in the runtime's vocabulary.
import { describe, expect, it } from 'vitest';
import { initPhase, type InitInput } from '../../shared/pod-init';
import { restartPolicyOf } from '../../electron/engine/kubelet/manager';
import { LABEL_AWAIT_INIT, LABEL_INIT_INDEX, LABEL_SIDECAR } from '../../electron/engine/pods/names';
import { phaseIdle } from '../../electron/engine/kubelet/init-phase';
import { stateOf } from '../../electron/engine/runtime/docker/status';
import type { ContainerStatus } from '../../electron/engine/runtime/runtime';

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

describe('phaseIdle (the restart manager looks again by itself)', () => {
  const c = (name: string, state: ContainerStatus['state'], over: Partial<ContainerStatus> = {}, labels: Record<string, string> = {}): ContainerStatus =>
    ({ id: name, name, state, exitCode: state === 'exited' ? 0 : null, labels: { [LABEL_AWAIT_INIT]: 'true', ...labels }, ...over }) as ContainerStatus;
  const one = (state: ContainerStatus['state'], over: Partial<ContainerStatus> = {}): ContainerStatus => c('one', state, over, { [LABEL_INIT_INDEX]: '0' });
  const side = (state: ContainerStatus['state']): ContainerStatus => c('side', state, {}, { [LABEL_INIT_INDEX]: '1', [LABEL_SIDECAR]: 'true' });
  it('is idle when the apps wait and no init container runs or failed; not while one runs, failed, or something started', () => {
    // Every init container done, the app still `created`: its start was refused or never tried (no event will come).
    expect(phaseIdle([one('exited'), side('running'), c('app', 'created')], [])).toBe(true);
    expect(phaseIdle([one('exited'), side('running'), c('app', 'created')], ['app'])).toBe(false);
    // One runs to completion: its exit is an event.
    expect(phaseIdle([one('running'), side('created'), c('app', 'created')], [])).toBe(false);
    // One failed: the restart back-off schedules it.
    expect(phaseIdle([one('exited', { exitCode: 1 }), side('created'), c('app', 'created')], [])).toBe(false);
    // One could not start (the engine's error, still `created`): a failure too, the back-off's to schedule; it no longer
    // waits to be started as it is.
    const refused = { error: 'exec: "/nonexistent": stat /nonexistent: no such file or directory', exitCode: 127 };
    expect(phaseIdle([one('created', refused), side('created'), c('app', 'created')], [])).toBe(false);
    expect(phaseIdle([one('exited'), side('running'), c('app', 'created', refused)], [])).toBe(false);
    // Nothing waits: the phase is over.
    expect(phaseIdle([one('exited'), side('running'), c('app', 'running')], [])).toBe(false);
  });
});

describe("Podman's own container states in the compatible API", () => {
  it('reads stopped as exited (it sends no event when cleanup makes it exited), stopping as running, configured as created', () => {
    expect(stateOf('stopped')).toBe('exited');
    expect(stateOf('stopping')).toBe('running');
    expect(stateOf('configured')).toBe('created');
    expect(stateOf('initialized')).toBe('created');
    expect(stateOf('exited')).toBe('exited');
    expect(stateOf('constructor')).toBe('dead');
    expect(stateOf(undefined)).toBe('dead');
  });
});
