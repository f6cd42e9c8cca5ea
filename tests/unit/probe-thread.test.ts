// Which probe requests go to the live model's probe thread (probe/thread.ts): only those that cross threads whole —
// a request carrying reads a caller started early is probed where those reads run.
import { describe, expect, it } from 'vitest';
import { ProbeThread } from '../../electron/engine/probe/thread';

describe('what the probe thread takes', () => {
  it('not a request carrying reads a caller started early (promises do not cross threads)', () => {
    const thread = new ProbeThread('/nonexistent-probe-worker.cjs');
    const plain = { sandboxPids: [1], appPids: [], containerIds: ['x'], mainPids: { x: 1 } };
    expect(thread.takes(plain)).toBe(true);
    const early = Promise.resolve<[string | null, string | null]>([null, null]);
    expect(thread.takes({ ...plain, tcpTables: new Map([[1, early]]) })).toBe(false);
    thread.close();
  });
});
