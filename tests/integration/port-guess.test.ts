// A container that dies with "bind: Address already in use" and names its port nowhere podlab reads (an unknown
// program, no declared port): podlab reads its command line against the pod's socket table and says "most likely
// 6000/udp", held by the container that really holds it, and how sure it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { cleanupPods, ensureCliBuilt, podlab, podManifest, tempDir, uniqueName } from './helpers';

const pod = uniqueName('h15-guess');
const tmp = tempDir();

beforeAll(() => ensureCliBuilt());
afterAll(() => {
  cleanupPods([pod]);
  tmp.remove();
});

describe('a bind failure that names no port', () => {
  it('is attributed to the held port its command names, with how sure podlab is', async () => {
    // "srv" is udp-listen under a name podlab does not know; it starts a second after "first" holds 6000/udp.
    const text = podManifest(pod, [
      { name: 'first', command: ['udp-listen', '6000'] },
      { name: 'second', command: ['sh', '-c', 'sleep 1; ln -s /bin/udp-listen /tmp/srv && exec /tmp/srv 6000'] },
    ], { restartPolicy: 'Never' });
    const r = await podlab(['launch', tmp.write('guess.yaml', text), '--wait', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as PodModel;
    const c = out.conflicts.find((x) => x.victim.container === 'second');
    expect(c, JSON.stringify(out.conflicts)).toBeDefined();
    expect(c).toMatchObject({ kind: 'pod-port', port: 6000, protocol: 'udp', holder: { container: 'first' }, guess: { source: 'command', confidence: 'likely' } });
    expect(c!.message).toMatch(/most likely on port 6000\/udp.*held by container first.*How sure: likely/);
    expect(c!.message).not.toMatch(/cannot tell which port/);
  });
});
