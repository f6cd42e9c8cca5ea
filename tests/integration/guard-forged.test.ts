// A container that only pretends to be podlab's (a forged io.podlab.pod label, or full labels under another name)
// is never listed as a pod, restarted or removed by podlab: `podlab rm` says the pod is unknown and the container
// stays. It is shown as what it is, someone else's container outside any pod.
import { afterAll, describe, expect, it } from 'vitest';
import { docker, podlab, uniqueName } from './helpers';

const pod = uniqueName('h15-forged');
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const uid = '0b4e5c1a-2f6d-4e8b-9a7c-3d2e1f0a9b8c';
const ids: string[] = [];

afterAll(() => {
  for (const id of ids) {
    try {
      docker(['rm', '-f', id]);
    } catch {
      // already gone
    }
  }
});

function forged(name: string, labels: Record<string, string>): string {
  const id = docker(['run', '-d', '--name', name, ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]), demo, 'sleep', '600']).trim();
  ids.push(id);
  return id;
}

describe('forged podlab labels', () => {
  it('neither ls nor rm touch a container whose marks are incomplete', async () => {
    const labelOnly = forged(`${pod}-label-only`, { 'io.podlab.pod': pod, 'io.podlab.role': 'sandbox' });
    const wrongName = forged(`${pod}-db`, { 'io.podlab.pod': pod, 'io.podlab.role': 'sandbox', 'io.podlab.uid': uid, 'io.podlab.attempt': '0' });
    const ls = await podlab(['ls', '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    expect((JSON.parse(ls.stdout) as { name: string }[]).map((p) => p.name)).not.toContain(pod);
    const plain = await podlab(['ls', '--json', '--plain']);
    expect(plain.code, plain.stderr).toBe(0);
    const outside = (JSON.parse(plain.stdout) as { plainContainers: { id: string; name: string; group: string | null }[] }).plainContainers;
    for (const id of [labelOnly, wrongName]) expect(outside.find((c) => c.id === id), id).toMatchObject({ group: null });
    const rm = await podlab(['rm', pod]);
    expect(rm.code).toBe(2);
    expect(rm.stderr).toContain(pod);
    for (const id of [labelOnly, wrongName]) expect(docker(['inspect', '-f', '{{.State.Running}}', id]).trim()).toBe('true');
  });
});
