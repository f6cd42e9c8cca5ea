// An init container is reached by name, as with kubectl: `logs -c <init>` prints what it wrote, an unknown name lists
// the init containers apart from the app containers, and exec into a finished one says it is not running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPods, ensureCliBuilt, podlab, podManifest, tempDir, uniqueName } from './helpers';

const pod = uniqueName('t-init');
const tmp = tempDir();

beforeAll(async () => {
  ensureCliBuilt();
  const text = podManifest(pod, [{ name: 'app', command: ['sleep', '300'] }], { initContainers: [{ name: 'prep', image: process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local', command: ['sh', '-c', 'echo prep-did-its-job'] }] });
  const r = await podlab(['launch', tmp.write('init.yaml', text), '--wait']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => {
  cleanupPods([pod]);
  tmp.remove();
});

describe('an init container by name', () => {
  it('logs -c prints its output; the default stays the app container', async () => {
    const r = await podlab(['logs', pod, '-c', 'prep']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('prep-did-its-job');
    expect((await podlab(['logs', pod])).stdout).not.toContain('prep-did-its-job');
  });

  it('an unknown name lists the init containers apart; exec into the finished one is refused as not running', async () => {
    const r = await podlab(['logs', pod, '-c', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`pod ${pod} has no container "nope"; choose one of: app or one of the init containers: prep`);
    const x = await podlab(['exec', pod, '-c', 'prep', '--', 'true']);
    expect(x.code).toBe(1);
    expect(x.stderr).toContain('it is not running');
  });
});
