// A container that failed for a reason of its own (not a port): the log line that says why is picked out of its tail
// and shown as the container's message, in English and Korean, instead of a bare "exited (1)".
import { describe, expect, it } from 'vitest';
import { findWhyLine } from '../../shared/conflicts/loglines';
import { derivePod } from '../../electron/engine/model/derive';
import { render } from '../../shared/i18n/message';
import { conflictPod, facts } from './fixtures/derive-facts';

const ncUsage = [
  "nc: invalid option -- 'k'",
  'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.',
  'Usage: nc [-iN] [-wN] [-l] [-p PORT] [-f FILE|IPADDR PORT] [-e PROG]',
  '\t-p PORT\tLocal port',
  '\t-e PROG\tRun PROG after connect',
];

describe('findWhyLine', () => {
  it('finds the complaint above a usage text, else the newest line, and cuts a long one', () => {
    expect(findWhyLine(ncUsage)).toBe("nc: invalid option -- 'k'");
    expect(findWhyLine(['starting', 'sh: exec: foo: not found', 'bye'])).toBe('sh: exec: foo: not found');
    expect(findWhyLine(['starting', 'done  '])).toBe('done');
    expect(findWhyLine(['', '  '])).toBeNull();
    expect(findWhyLine(['x'.repeat(500)])).toHaveLength(200);
  });
});

describe('a failed container with no port conflict', () => {
  // web-2 alone in the pod: nothing holds its port 80 (an empty socket table), and its log is nc's complaint about -k.
  const alone = { ...conflictPod, raw: { ...conflictPod.raw, apps: conflictPod.raw.apps.filter((a) => a.id === 'web2') }, logTails: { web2: ncUsage } };
  const netns = new Map([...facts.probe.netns].map(([pid, n]) => [pid, { ...n, files: { ...n.files, tcp: '' } }]));
  const quiet = { ...facts, probe: { ...facts.probe, netns } };

  it('says why from its log, keeps the restart reason and claims no conflict', () => {
    const pod = derivePod(alone, quiet);
    expect(pod.conflicts).toEqual([]);
    const c = pod.containers.find((x) => x.name === 'web-2')!;
    expect(c.reason).toBe('CrashLoopBackOff');
    expect(c.message).toBe(`web-2 exited (1); its log says why: "nc: invalid option -- 'k'".`);
    expect(render(c.why!, 'ko')).toContain("nc: invalid option -- 'k'");
    expect(render(c.why!, 'ko')).toContain('로그');
  });

  it('says nothing of a log for a kill (exit 137) or a clean exit', () => {
    for (const exitCode of [137, 0]) {
      const app = { ...conflictPod.raw.apps.find((a) => a.id === 'web2')!, exitCode };
      const pod = derivePod({ ...alone, raw: { ...alone.raw, apps: [app] } }, quiet);
      expect(pod.containers[0]!.message ?? null).toBeNull();
    }
  });
});
