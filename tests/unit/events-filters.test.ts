// Event filters every engine honours: "any podlab pod" is checked on podlab's side (Podman 4.3 answers a key-only label
// filter with no events at all); one pod's key=value label, the type and the actions go to the engine.
import { describe, expect, it } from 'vitest';
import { dockerFilters, parseEventLine } from '../../electron/engine/runtime/docker/events';

const event = (attrs: Record<string, string>): NonNullable<ReturnType<typeof parseEventLine>> =>
  parseEventLine(JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: attrs }, timeNano: 1 }))!;

describe('dockerFilters', () => {
  it('any pod: no label filter sent (Podman would answer nothing), events without the pod label dropped here', () => {
    const { filters, accept } = dockerFilters({ type: 'container', pod: true, actions: ['die', 'start', 'destroy'] });
    // Podman 4.3 matches its own names (died, remove) and answers nothing for die/destroy; Docker ignores the extra names.
    expect(filters).toEqual({ type: ['container'], event: ['die', 'start', 'destroy', 'died', 'remove'] });
    expect(accept(event({ 'io.podlab.pod': 'web', 'io.podlab.role': 'sandbox' }))).toBe(true);
    expect(accept(event({ name: 'someone-elses', image: 'busybox' }))).toBe(false);
  });
  it('one pod: its key=value label goes to the engine (every engine honours it)', () => {
    const { filters, accept } = dockerFilters({ type: 'container', pod: 'web' });
    expect(filters).toEqual({ type: ['container'], label: ['io.podlab.pod=web'] });
    expect(accept(event({ 'io.podlab.pod': 'web' }))).toBe(true);
  });
  it("Podman's container removal (remove) reads as Docker's destroy", () => {
    const line = (Action: string, Type = 'container'): string | undefined => parseEventLine(JSON.stringify({ Type, Action, Actor: { ID: 'abc', Attributes: {} }, timeNano: 1 }))?.action;
    expect(line('remove')).toBe('destroy');
    expect(line('destroy')).toBe('destroy');
    expect(line('remove', 'network')).toBe('remove');
  });
  it('no pod: everything of the type', () => {
    const { filters, accept } = dockerFilters({ type: 'network' });
    expect(filters).toEqual({ type: ['network'] });
    expect(accept(event({}))).toBe(true);
  });
});
