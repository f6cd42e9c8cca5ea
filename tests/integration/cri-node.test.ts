// podlab node on a CRI runtime, through the CLI against a private containerd: the runtime's own listing (crictl pods,
// crictl ps -a) lists exactly one sandbox per pod, marked as the pause row, every row mapped to podlab's model — for
// podlab's pods and for one a kubelet made — and the same count of containers as containerd's own `ctr` shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import type { NodeListing } from '../../shared/node';
import { ensureCliBuilt, podlab, uniqueName } from './helpers';
import { startPrivateContainerd, type PrivateContainerd } from './private-containerd';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
let ctd: PrivateContainerd;
let ep: string[];
let logRoot: NodeJS.ProcessEnv;

beforeAll(async () => {
  ensureCliBuilt();
  ctd = await startPrivateContainerd({ prefix: 'h12b' });
  ep = ['--runtime-endpoint', ctd.endpoint];
  logRoot = { PODLAB_CRI_LOG_ROOT: `${ctd.dir}/pods`, PODLAB_CRI_POD_ROOT: `${ctd.dir}/pod-state` };
});

afterAll(async () => {
  await ctd?.cleanup();
});

async function launch(template: string, name: string): Promise<PodModel> {
  const r = await podlab([...ep, 'launch', template, '--name', name, '--wait', '--json'], { env: logRoot });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PodModel;
}

describe('podlab node on a CRI runtime (private containerd)', () => {
  it('lists crictl pods and crictl ps -a: one sandbox per pod, every row mapped', async () => {
    const pods = [await launch('web-sidecar', uniqueName('h12b-ws')), await launch('web-sidecar', uniqueName('h12b-two'))];
    await ctd.runKubeletPod(
      { name: 'h12b-kube', namespace: 'kube-system', uid: 'h12b-kube-uid' },
      { name: 'agent', image: DEMO, command: ['sh', '-c', 'exec httpd -f -p 9100 -h /'] },
    );
    const lsr = await podlab([...ep, 'ls', '--json'], { env: logRoot });
    expect(lsr.code, lsr.stderr).toBe(0);
    const model = JSON.parse(lsr.stdout) as PodModel[];
    expect(model.map((p) => p.name).sort()).toEqual([...pods.map((p) => p.name), 'kube-system/h12b-kube'].sort());

    const r = await podlab([...ep, 'node', '--json'], { env: logRoot });
    expect(r.code, r.stderr).toBe(0);
    const l = JSON.parse(r.stdout) as NodeListing;
    expect(l.runtime).toBe('cri');
    expect(l.endpoint).toBe(ctd.endpoint);
    expect(l.command).toBe('crictl pods; crictl ps -a');
    expect(l.onARealNode).toEqual(['crictl pods', 'crictl ps -a', 'ctr -n k8s.io containers list']);
    // crictl's names, never cri-dockerd's.
    expect(l.rows.filter((x) => x.name.startsWith('k8s_'))).toEqual([]);

    const sandboxes = l.rows.filter((x) => x.kind === 'sandbox');
    expect(sandboxes.every((x) => x.pause && x.status === 'Ready' && x.cri?.container === 'POD')).toBe(true);
    for (const p of model) {
      const mine = sandboxes.filter((x) => x.model.kind === 'sandbox' && x.model.pod === p.name);
      expect(mine, p.name).toHaveLength(1);
      expect(p.sandbox?.id.startsWith(mine[0].id)).toBe(true);
      expect(`${mine[0].cri?.namespace}/${mine[0].name}`).toBe(p.name.includes('/') ? p.name : `default/${p.name}`);
      expect(mine[0].cri?.attempt).toBe(0);
      // Every container of the pod is listed once, in that sandbox, mapped back to it.
      const ctrs = l.rows.filter((x) => x.kind === 'container' && x.podId === mine[0].id);
      expect(ctrs.map((x) => x.name).sort(), p.name).toEqual(p.containers.map((c) => c.name).sort());
      for (const c of ctrs) {
        expect(c.pause).toBe(false);
        expect(c.status).toBe('Running');
        expect(c.image).toContain('demo');
        expect(c.cri?.pod).toBe(mine[0].name);
        expect(c.model).toEqual({ kind: 'app', pod: p.name, container: c.name });
      }
    }
    expect(sandboxes).toHaveLength(model.length);
    expect(l.rows.filter((x) => x.model.kind === 'none' || x.model.kind === 'earlier')).toEqual([]);
    // containerd's own tool sees the same containers (a sandbox is a container to ctr).
    expect(ctd.ctr(['containers', 'list', '-q']).split('\n').filter(Boolean)).toHaveLength(l.rows.length);

    const text = await podlab([...ep, 'node'], { env: logRoot });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('$ crictl pods');
    expect(text.stdout).toContain('$ crictl ps -a');
    expect(text.stdout).toMatch(/POD ID +CREATED +STATE +NAME +NAMESPACE +ATTEMPT/);
    expect(text.stdout).toContain(`3 pod sandbox(es) (pause) for 3 pod(s)`);
    expect(text.stdout).toContain('How to read it: crictl pods lists the sandboxes');
    expect(text.stdout).not.toContain('k8s_');
  });
});
