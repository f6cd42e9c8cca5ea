// Which of two same-name launches keeps the pod: the sandbox the engine created first (Created, then id).
import { describe, expect, it } from 'vitest';
import { createdKey, firstSandbox, losesTo } from '../../electron/engine/pods/race';

describe('pod name race', () => {
  it('Docker Created times compare in time order even with trimmed trailing zeros', () => {
    expect(createdKey('2026-11-26T20:44:14.2855Z')).toBe('2026-11-26T20:44:14.285500000');
    expect(createdKey('2026-11-26T20:44:14Z')).toBe('2026-11-26T20:44:14.000000000');
    // As strings "…14.29Z" > "…14.285569549Z" happens to hold, but "…14.3Z" vs "…14.25Z" shows why padding matters.
    expect(createdKey('2026-11-26T20:44:14.3Z') > createdKey('2026-11-26T20:44:14.25Z')).toBe(true);
    expect(createdKey('2026-11-26T20:44:14.000000001Z') > createdKey('2026-11-26T20:44:14Z')).toBe(true);
  });

  it('the earlier sandbox wins; a tie goes to the smaller id; our own re-created attempts (same uid) never count', () => {
    const a = { id: 'aaa', uid: 'u1', created: '2026-11-26T20:44:14.1Z' };
    const b = { id: 'bbb', uid: 'u2', created: '2026-11-26T20:44:14.05Z' };
    expect(firstSandbox([a, b])).toBe(b);
    expect(losesTo(a, [a, b])).toBe(true);
    expect(losesTo(b, [a, b])).toBe(false);
    const tieA = { ...a, created: b.created };
    expect(losesTo(tieA, [tieA, b])).toBe(false);
    expect(losesTo(b, [tieA, b])).toBe(true);
    const olderAttemptOfMine = { id: 'zzz', uid: 'u1', created: '2026-11-26T20:00:00Z' };
    expect(losesTo(a, [olderAttemptOfMine, a])).toBe(false);
    expect(losesTo(a, [a])).toBe(false);
    expect(firstSandbox([])).toBeNull();
  });
});
