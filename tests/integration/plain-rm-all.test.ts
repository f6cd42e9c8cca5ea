// On a PRIVATE dockerd (never the shared engine): `rm --all` removes podlab's pods and plain groups and leaves a
// foreign container running; containers on the host network or none are listed as such, not on the bridge; `watch
// --json` reports plain containers as `type: "plain"` lines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PlainContainer } from '../../shared/model';
import { ensureCliBuilt, podlab, startWatch, until } from './helpers';
import { startPrivateDaemon, testImageNames, type PrivateDaemon } from './private-daemon';

let priv: PrivateDaemon | null = null;
let watch: ReturnType<typeof startWatch> | null = null;

beforeAll(async () => {
  ensureCliBuilt();
  priv = await startPrivateDaemon({ prefix: 'h12', images: testImageNames() });
}, 120_000);

afterAll(async () => {
  watch?.child.kill('SIGTERM');
  await priv?.cleanup();
}, 120_000);

it('rm --all removes pods and plain groups, never the foreign container; host/none networks are listed as such', async () => {
  if (!priv) throw new Error('private daemon not started');
  const d = priv;
  const demo = testImageNames()[1];
  watch = startWatch({ ...process.env, ...d.env });
  const w = watch;
  await until(() => w.lines.find((l) => l.type === 'engine'), 20_000, 100, 'watch to connect');
  const foreign = d.docker(['run', '-d', '--name', 'h12-foreign', demo, 'httpd', '-f', '-p', '80']);
  d.docker(['run', '-d', '--name', 'h12-hostnet', '--network', 'host', demo, 'sleep', '600']);
  d.docker(['run', '-d', '--name', 'h12-nonet', '--network', 'none', demo, 'sleep', '600']);
  const line = await until(() => w.lines.find((l) => l.type === 'plain' && l.container === 'h12-foreign' && l.state === 'running' && l.ip), 15_000, 100, 'a plain watch line');
  expect(line.group).toBeNull();

  const [pod, plain] = await Promise.all([
    podlab(['launch', 'web-sidecar', '--name', 'h12-ws', '--wait'], { env: d.env }),
    podlab(['launch', 'port-conflict', '--plain', '--wait'], { env: d.env }),
  ]);
  expect(pod.code, pod.stderr).toBe(0);
  expect(plain.code, plain.stderr).toBe(0);
  // Without --name a plain group takes <manifest name>-plain, beside the pod of the manifest's own name.
  expect(plain.stdout).toContain('Plain group: port-conflict-plain');
  await until(() => w.lines.find((l) => l.type === 'plain' && l.group === 'port-conflict-plain' && l.state === 'running'), 15_000, 100, 'the plain group on watch');

  const ls = await podlab(['ls', '--json', '--plain'], { env: d.env });
  const list = (JSON.parse(ls.stdout) as { plainContainers: PlainContainer[] }).plainContainers;
  const byName = new Map(list.map((c) => [c.name, c]));
  expect(byName.get('h12-hostnet')).toMatchObject({ network: 'host', bridge: null, group: null, hostVeth: null });
  expect(byName.get('h12-nonet')).toMatchObject({ network: 'none', bridge: null, ip: null, hostVeth: null });
  expect(byName.get('h12-foreign')?.bridge).toMatch(/^h12b/);
  expect(list.filter((c) => c.group === 'port-conflict-plain')).toHaveLength(2);
  const text = await podlab(['ls'], { env: d.env });
  expect(text.stdout).toMatch(/h12-hostnet +\(not podlab's\) +running +- +\S+ +- +host network/);

  const r = await podlab(['rm', '--all'], { env: d.env });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('removed 1 pod(s): h12-ws');
  expect(r.stdout).toContain('removed 1 plain group(s): port-conflict-plain');
  expect(d.docker(['ps', '-aq', '--filter', 'label=io.podlab.role'])).toBe('');
  expect(d.docker(['inspect', '-f', '{{.State.Status}}', foreign])).toBe('running');
  expect(d.docker(['ps', '-q']).split('\n').filter(Boolean)).toHaveLength(3);
  await until(() => w.lines.find((l) => l.type === 'plain' && l.group === 'port-conflict-plain' && l.state === 'removed'), 15_000, 100, 'the removal on watch');
}, 120_000);
