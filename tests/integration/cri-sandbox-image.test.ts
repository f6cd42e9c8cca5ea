// On a CRI runtime the sandbox (pause) image is the runtime's own (containerd's sandbox_image; the kubelet stopped
// choosing it in 1.27): launch neither checks nor pulls PODLAB_PAUSE_IMAGE, and doctor names the runtime's image and
// whether it is present. A private containerd whose sandbox_image is the offline pause image; PODLAB_PAUSE_IMAGE names
// an image that exists nowhere (no registry is reachable here, so a pull of it would fail the launch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodModel } from '../../shared/model';
import { ensureCliBuilt, podlab, uniqueName } from './helpers';
import { startPrivateContainerd, type PrivateContainerd } from './private-containerd';

const PAUSE = process.env.PODLAB_PAUSE_IMAGE ?? 'podlab-test/pause:local';
const ABSENT = 'podlab-test/absent-pause:c2-none';
let ctd: PrivateContainerd;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ensureCliBuilt();
  ctd = await startPrivateContainerd({ prefix: 'c2' });
  env = { CONTAINER_RUNTIME_ENDPOINT: ctd.endpoint, PODLAB_CRI_LOG_ROOT: `${ctd.dir}/pods`, PODLAB_CRI_POD_ROOT: `${ctd.dir}/pod-state`, PODLAB_PAUSE_IMAGE: ABSENT };
});

afterAll(async () => {
  await ctd?.cleanup();
});

describe('the CRI runtime brings its own sandbox image', () => {
  it('launches with PODLAB_PAUSE_IMAGE pointing at an absent image: nothing checks or pulls it', async () => {
    const name = uniqueName('c2-si');
    const r = await podlab(['launch', 'web-sidecar', '--name', name, '--wait', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain(ABSENT);
    const pod = JSON.parse(r.stdout) as PodModel;
    expect(pod.phase).toBe('Running');
    expect(pod.containers.map((c) => c.state)).toEqual(['running', 'running']);
    // The pause process runs from the runtime's image, never from the one podlab was told.
    expect(ctd.ctr(['images', 'ls', '-q'])).not.toContain(ABSENT);
    expect(ctd.ctr(['containers', 'ls'])).toContain(PAUSE.replace(/^podlab-test\//, ''));
  });

  it("doctor names the runtime's sandbox_image and says it is present, and that it is missing once removed", async () => {
    const r = await podlab(['doctor'], { env });
    expect(r.stdout).toContain(`sandbox (pause) image: the runtime's own, ${PAUSE} (its sandbox_image; PODLAB_PAUSE_IMAGE does not apply to a CRI runtime), is present`);
    expect(r.stdout).not.toContain(ABSENT);
    // Without the image the runtime would pull it at the next RunPodSandbox: doctor says so and how to import it.
    ctd.ctr(['images', 'rm', `docker.io/${PAUSE}`]);
    const missing = await podlab(['doctor'], { env });
    expect(missing.stdout).toContain(`is not present; the runtime pulls it at the first RunPodSandbox`);
    expect(missing.stdout).toContain(`docker save ${PAUSE} | ctr -n k8s.io images import -`);
  });
});
