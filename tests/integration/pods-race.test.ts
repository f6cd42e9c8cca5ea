// Two launches with the same --name at the same moment: both may pass the name check, but only the one whose sandbox
// the engine created first goes on; the other removes what it made and exits 2. One pod is left, never two.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanupPods, ensureCliBuilt, podContainers, podlab, uniqueName } from './helpers';

const created = new Set<string>();

beforeAll(() => ensureCliBuilt());
afterAll(() => cleanupPods(created));

it('same --name launched twice in parallel (3 rounds): exactly one exits 0, the other 2, one pod left', async () => {
  for (let round = 0; round < 3; round++) {
    const pod = uniqueName('w2a-race');
    created.add(pod);
    const runs = await Promise.all([podlab(['launch', 'web-sidecar', '--name', pod, '--json']), podlab(['launch', 'web-sidecar', '--name', pod, '--json'])]);
    const codes = runs.map((r) => r.code).sort();
    const why = runs.map((r) => `exit ${r.code}: ${r.stderr}`).join('\n');
    expect(codes, why).toEqual([0, 2]);
    const loser = runs.find((r) => r.code === 2);
    expect(loser?.stderr).toMatch(new RegExp(`pod ${pod} (already exists|was just created by another launch)`));
    const winner = JSON.parse(runs.find((r) => r.code === 0)?.stdout ?? '{}') as { uid: string; sandbox: { id: string } };
    const { sandbox, apps, all } = podContainers(pod);
    expect(all.map((c) => c.Name), why).toHaveLength(3); // one sandbox + web + sidecar
    expect(sandbox?.Id).toBe(winner.sandbox.id);
    expect(apps.every((a) => a.Config.Labels['io.podlab.uid'] === winner.uid)).toBe(true);
    expect(apps.every((a) => a.HostConfig.NetworkMode === `container:${winner.sandbox.id}`)).toBe(true);
    expect(apps.every((a) => a.State.Running)).toBe(true);
  }
});
