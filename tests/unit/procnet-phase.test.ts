// Unit tests for the Kubernetes-style pod phase computation.
import { describe, expect, it } from 'vitest';
import { podPhase } from '../../shared/phase';

const run = { state: 'running' as const, exitCode: null };
const ok = { state: 'exited' as const, exitCode: 0 };
const bad = { state: 'exited' as const, exitCode: 1 };

describe('podPhase', () => {
  it('is Unknown without a sandbox, Pending while the sandbox is not running', () => {
    expect(podPhase({ sandbox: null, containers: [run] }).phase).toBe('Unknown');
    expect(podPhase({ sandbox: { state: 'created' }, containers: [] }).phase).toBe('Pending');
    expect(podPhase({ sandbox: { state: 'running' }, containers: [{ state: 'created', exitCode: null }] })).toEqual({ phase: 'Pending', reason: 'ContainerCreating' });
  });
  it('is Running when one container runs, even if another crashed (Always)', () => {
    expect(podPhase({ sandbox: { state: 'running' }, containers: [run, bad] }).phase).toBe('Running');
    expect(podPhase({ sandbox: { state: 'running' }, containers: [bad], restartPolicy: 'Always' }).phase).toBe('Running');
  });
  it('is Succeeded / Failed when all terminated and the policy does not restart', () => {
    expect(podPhase({ sandbox: { state: 'running' }, containers: [ok, ok], restartPolicy: 'Never' }).phase).toBe('Succeeded');
    expect(podPhase({ sandbox: { state: 'running' }, containers: [ok, bad], restartPolicy: 'Never' }).phase).toBe('Failed');
    expect(podPhase({ sandbox: { state: 'running' }, containers: [ok], restartPolicy: 'OnFailure' }).phase).toBe('Succeeded');
    expect(podPhase({ sandbox: { state: 'running' }, containers: [bad], restartPolicy: 'OnFailure' }).phase).toBe('Running');
  });
  it('stays Running when the sandbox died but containers still run (stranded, SandboxChanged)', () => {
    expect(podPhase({ sandbox: { state: 'exited' }, containers: [run] }).phase).toBe('Running');
    expect(podPhase({ sandbox: { state: 'exited' }, containers: [bad] }).phase).toBe('Pending');
  });
});
