// Event filters every engine honours: key-only label filters move to podlab's side (Podman 4.3 ignores them).
import { describe, expect, it } from 'vitest';
import { splitEventFilters } from '../../electron/engine/events/filters';
import { parseEventLine } from '../../electron/engine/events/parse';

const event = (attrs: Record<string, string>): ReturnType<typeof parseEventLine> =>
  parseEventLine(JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: attrs }, timeNano: 1 }));

describe('splitEventFilters', () => {
  it('sends type and key=value labels to the engine and checks key-only labels itself', () => {
    const { server, accept } = splitEventFilters({ type: ['container'], label: ['io.podlab.pod', 'io.podlab.role=sandbox'] });
    expect(server).toEqual({ type: ['container'], label: ['io.podlab.role=sandbox'] });
    expect(accept(event({ 'io.podlab.pod': 'web', 'io.podlab.role': 'sandbox' })!)).toBe(true);
    expect(accept(event({ 'io.podlab.role': 'sandbox', name: 'other' })!)).toBe(false);
  });
  it('drops the label filter entirely when every label is key-only', () => {
    const { server, accept } = splitEventFilters({ type: ['container'], label: ['io.podlab.pod'], event: ['die'] });
    expect(server).toEqual({ type: ['container'], event: ['die'] });
    expect(accept(event({ 'io.podlab.pod': '' })!)).toBe(true);
    expect(accept(event({ image: 'busybox' })!)).toBe(false);
  });
  it('accepts everything when nothing is checked on podlab\'s side', () => {
    const { server, accept } = splitEventFilters({ type: ['network'] });
    expect(server).toEqual({ type: ['network'] });
    expect(accept(event({})!)).toBe(true);
  });
});
