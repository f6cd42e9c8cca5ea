// A new user's pod: two containers both running `nc -l -p 7000`, no ports declared. podlab must predict the clash,
// then explain it from the pod's socket table and the victim's command line (busybox nc's log names no port). And
// with `nc -lk` (busybox nc has no -k) both exit at once for a reason of their own: podlab says so from their logs
// instead of a bare "exited (1)", and claims no port conflict that did not happen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { cleanupPods, ensureCliBuilt, podlab, podManifest, tempDir, uniqueName } from './helpers';

const pods: string[] = [];
const tmp = tempDir();

beforeAll(() => ensureCliBuilt());
afterAll(() => {
  cleanupPods(pods);
  tmp.remove();
});

function twoNc(flags: string): string {
  const pod = uniqueName(`t-nc${flags.slice(1)}`);
  pods.push(pod);
  const nc = ['nc', flags, '-p', '7000'];
  return tmp.write(`${pod}.yaml`, podManifest(pod, [{ name: 'a', command: nc }, { name: 'b', command: nc }]));
}

type Launched = PodModel & { warnings: string[] };

describe('two containers on one undeclared port', () => {
  it('is predicted before launch, then explained: 7000/tcp held by the other container, from the command line', async () => {
    const r = await podlab(['launch', twoNc('-l'), '--wait', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as Launched;
    expect(out.warnings.join('\n')).toMatch(/will both listen on 7000\/tcp \(from their commands\)/);
    expect(out.conflicts, JSON.stringify(out.conflicts)).toHaveLength(1);
    const c = out.conflicts[0]!;
    const holder = out.containers.find((x) => x.state === 'running');
    expect(holder, JSON.stringify(out.containers)).toBeDefined();
    expect(c).toMatchObject({ kind: 'pod-port', port: 7000, protocol: 'tcp', holder: { container: holder!.name, process: 'nc' } });
    expect(c.victim.container).not.toBe(holder!.name);
    expect(out.listening).toEqual([expect.objectContaining({ port: 7000, container: holder!.name, process: 'nc' })]);
    expect(c.message).toMatch(new RegExp(`port 7000/tcp is already in use in this pod's network namespace net:\\[\\d+\\] — held by container ${holder!.name} \\(nc, pid \\d+\\)`));
    expect(out.containers.find((x) => x.name === c.victim.container)).toMatchObject({ state: 'exited', exitCode: 1, reason: 'CrashLoopBackOff' });
    expect(r.stderr).toContain(c.message);
  });

  it('with `nc -lk` both exit for their own reason: the log line says so, and no port conflict is claimed', async () => {
    const r = await podlab(['launch', twoNc('-lk'), '--wait', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as Launched;
    expect(out.conflicts).toEqual([]);
    expect(out.containers.map((x) => [x.name, x.state, x.exitCode])).toEqual([
      ['a', 'exited', 1],
      ['b', 'exited', 1],
    ]);
    for (const x of out.containers) {
      expect(x.message).toBe(`${x.name} exited (1); its log says why: "nc: invalid option -- 'k'".`);
      expect(r.stderr).toContain(x.message);
    }
  });
});
