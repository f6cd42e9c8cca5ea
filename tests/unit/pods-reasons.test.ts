// Kubernetes' words for a container that was created but could not start: RunContainerError (container and pod).
import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../electron/engine/model/pod';
import { podPhase } from '../../shared/phase';

describe('RunContainerError', () => {
  it('a created container with an engine error could not start; without one it is still being created', () => {
    expect(reasonOf('created', null, false, 'exec: "/nonexistent": stat /nonexistent: no such file or directory')).toBe('RunContainerError');
    expect(reasonOf('created', null)).toBe('ContainerCreating');
    expect(reasonOf('created', null, false, '')).toBe('ContainerCreating');
    expect(reasonOf('exited', 1, false, 'whatever')).toBe('Error');
  });

  it('a pod whose containers are all created names RunContainerError when one could not start', () => {
    const sandbox = { state: 'running' as const };
    expect(podPhase({ sandbox, containers: [{ state: 'created', exitCode: null, reason: 'RunContainerError' }] })).toEqual({ phase: 'Pending', reason: 'RunContainerError' });
    expect(podPhase({ sandbox, containers: [{ state: 'created', exitCode: null, reason: 'ContainerCreating' }] })).toEqual({ phase: 'Pending', reason: 'ContainerCreating' });
    expect(podPhase({ sandbox, containers: [{ state: 'running', exitCode: null }, { state: 'created', exitCode: null, reason: 'RunContainerError' }] }).phase).toBe('Running');
  });
});
