// `podlab rm --all` on a PRIVATE dockerd (never the shared engine, where other people's pods live): it removes every
// podlab pod's containers, leaves containers without podlab's labels alone (even one named like a sandbox or carrying
// only io.podlab.pod), and a second run is a no-op that still exits 0. Also here, because it needs the template's own
// pod name: two template launches without --name at once get distinct names.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureCliBuilt, podlab } from './helpers';
import { startPrivateDaemon, testImageNames, type PrivateDaemon } from './private-daemon';

let priv: PrivateDaemon | null = null;
const pods = ['w2a-rmall-web', 'w2a-rmall-multi'];

beforeAll(async () => {
  ensureCliBuilt();
  priv = await startPrivateDaemon({ prefix: 'w2a', images: testImageNames() });
}, 120_000);

afterAll(async () => {
  await priv?.cleanup();
}, 120_000);

it('rm --all removes every podlab container, leaves the others, and is a no-op the second time', async () => {
  if (!priv) throw new Error('private daemon not started');
  const d = priv;
  const [a, b] = await Promise.all([
    podlab(['launch', 'web-sidecar', '--name', pods[0], '--wait'], { env: d.env }),
    podlab(['launch', 'multi-port', '--name', pods[1]], { env: d.env }),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  const demo = testImageNames()[1];
  // Not podlab's: no labels at all but a cri-dockerd-looking name, and one with io.podlab.pod but no podlab role.
  const plain = d.docker(['run', '-d', '--name', `k8s_POD_${pods[0]}_default_0_0`, demo, 'httpd', '-f', '-p', '80', '-h', '/www']);
  const halfLabelled = d.docker(['create', '--label', `io.podlab.pod=${pods[0]}`, demo, 'true']);
  const podlabIds = (): string[] => d.docker(['ps', '-aq', '--no-trunc', '--filter', 'label=io.podlab.role']).split('\n').filter(Boolean);
  expect(podlabIds().length).toBe(2 + 2 + 3); // two sandboxes, web-sidecar's 2 apps, multi-port's 3

  const r = await podlab(['rm', '--all'], { env: d.env });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(`removed 2 pod(s): ${[...pods].sort().join(', ')}`);
  expect(podlabIds()).toEqual([]);
  const left = d.docker(['ps', '-aq', '--no-trunc']).split('\n').filter(Boolean).sort();
  expect(left).toEqual([plain, halfLabelled].sort());
  expect(d.docker(['inspect', '-f', '{{.State.Status}}', plain])).toBe('running');

  const again = await podlab(['rm', '--all'], { env: d.env });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('no podlab pods to remove');
  expect(d.docker(['ps', '-aq', '--no-trunc']).split('\n').filter(Boolean).sort()).toEqual([plain, halfLabelled].sort());

  const ls = await podlab(['ls', '--json'], { env: d.env });
  expect(ls.code, ls.stderr).toBe(0);
  expect(JSON.parse(ls.stdout)).toEqual([]);
});

it('the same template launched twice at once without --name: both run, as web-sidecar and web-sidecar-2', async () => {
  if (!priv) throw new Error('private daemon not started');
  const d = priv;
  const runs = await Promise.all([podlab(['launch', 'web-sidecar', '--json'], { env: d.env }), podlab(['launch', 'web-sidecar', '--json'], { env: d.env })]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  expect(runs.map((r) => (JSON.parse(r.stdout) as { name: string }).name).sort()).toEqual(['web-sidecar', 'web-sidecar-2']);
  for (const pod of ['web-sidecar', 'web-sidecar-2']) {
    expect(d.docker(['ps', '-aq', '--filter', `label=io.podlab.pod=${pod}`]).split('\n').filter(Boolean), pod).toHaveLength(3);
  }
});
