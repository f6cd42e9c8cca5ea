// A container that was created but could not start (its command does not exist in the image) shows Kubernetes'
// words: reason RunContainerError and the engine's own State.Error as message — in launch --json, inspect --json and
// the live model (watch --json), where a failed start sends no engine event at all (even one long after the create).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appConfig } from '../../electron/engine/pods/create';
import { containerCreateOptions } from '../../electron/engine/runtime/docker/create';
import { connectEngine } from '../../electron/engine/docker';
import { LABEL_UID } from '../../electron/engine/runtime/vocabulary';
import { appByName, cleanupPods, ensureCliBuilt, podContainers, podlab, tempDir, uniqueName, until, startWatch } from './helpers';

const created = new Set<string>();
const tmp = tempDir();
const demo = process.env.PODLAB_DEMO_IMAGE ?? '';

interface Ctr {
  name: string;
  state: string;
  reason: string | null;
  message?: string | null;
}
interface Pod {
  name: string;
  phase: string;
  reason?: string | null;
  containers: Ctr[];
}

function manifest(pod: string, withWeb: boolean): string {
  const web = withWeb ? `  - {name: web, image: "${demo}", command: [httpd, -f, -p, "80", -h, /www]}\n` : '';
  created.add(pod);
  return tmp.write(`${pod}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}}\nspec:\n  containers:\n${web}  - {name: broken, image: "${demo}", command: [/nonexistent]}\n`);
}

beforeAll(() => ensureCliBuilt());
afterAll(() => {
  cleanupPods(created);
  tmp.remove();
});

it('launch --json and inspect --json: RunContainerError with the engine error; the pod runs its other container', async () => {
  const pod = uniqueName('w2a-starterr');
  const r = await podlab(['launch', manifest(pod, true), '--wait', '--json']);
  expect(r.code, r.stderr).toBe(3);
  const engineError = (appByName(pod, 'broken')?.State as { Error?: string } | undefined)?.Error ?? '';
  expect(engineError).toContain('/nonexistent');
  const launched = JSON.parse(r.stdout) as Pod;
  expect(launched.phase).toBe('Running');
  expect(launched.containers.find((c) => c.name === 'web')?.state).toBe('running');
  expect(launched.containers.find((c) => c.name === 'broken')).toMatchObject({ state: 'created', reason: 'RunContainerError', message: engineError });
  expect(r.stderr).toContain(`broken is created — it could not start (RunContainerError): ${engineError}`);
  const i = await podlab(['inspect', pod, '--json']);
  expect(i.code, i.stderr).toBe(0);
  expect((JSON.parse(i.stdout) as Pod).containers.find((c) => c.name === 'broken')).toMatchObject({ reason: 'RunContainerError', message: engineError });
});

it('a pod whose only container cannot start is Pending with reason RunContainerError, in the live model too', async () => {
  const pod = uniqueName('w2a-starterr1');
  // The restart manager stays off: this watcher sees the whole shared engine and must not act on others' pods.
  const { child: watch, lines } = startWatch({ ...process.env, PODLAB_KUBELET: 'off' });
  try {
    await until(() => lines.some((l) => l.type === 'engine'), 20_000);
    const r = await podlab(['launch', manifest(pod, false), '--json']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout) as Pod).toMatchObject({ phase: 'Pending', reason: 'RunContainerError' });
    await until(() => lines.find((l) => l.pod === pod && l.container === 'broken' && l.reason === 'RunContainerError'), 10_000);
    await until(() => lines.find((l) => l.type === 'pod' && l.pod === pod && l.reason === 'RunContainerError'), 10_000);

    // A container whose start fails well after its create: the live model's post-event read saw it `created` and
    // fine, and the failed start sends no event — only its bounded re-reads can find the error.
    const conn = await connectEngine();
    const sandbox = podContainers(pod).sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const late = await conn.docker!.createContainer(
      containerCreateOptions(appConfig({ name: pod, shareProcessNamespace: false }, { name: 'late', image: demo, command: ['/nonexistent'], ports: [] }, sandbox.Id, sandbox.Config.Labels[LABEL_UID], 0)),
    );
    await until(() => lines.find((l) => l.pod === pod && l.container === 'late' && l.reason === 'ContainerCreating'), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    await late.start().catch(() => undefined);
    await until(() => lines.find((l) => l.pod === pod && l.container === 'late' && l.reason === 'RunContainerError'), 10_000);
  } finally {
    watch.kill('SIGTERM');
  }
});
