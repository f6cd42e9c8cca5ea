// Event-driven updates on containerd 1.6 (no GetContainerEvents): podlab subscribes to containerd's own event service,
// so a container killed through the CRI reaches `watch --json` as an event-triggered change (source "events"), not
// through the periodic relist — asserted by the line's source, not by a timing threshold.
import { afterAll, describe, expect, it } from 'vitest';
import { CriRuntime } from '../../electron/engine/runtime/cri';
import type { RuntimeEvent } from '../../electron/engine/runtime/runtime';
import { podlab, startWatch, tempDir, uniqueName, until } from './helpers';
import { cliContainerd } from './cli-containerd';

const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const tmp = tempDir();

const cri = cliContainerd('c4');
afterAll(() => tmp.remove());

/** Two sleeping containers (one to kill, one to stay), never restarted. */
function manifest(name: string): string {
  const c = (n: string): string => `    - name: ${n}\n      image: ${DEMO}\n      command: ["sleep", "3600"]\n`;
  return tmp.write(`${name}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  restartPolicy: Never\n  containers:\n${c('victim')}${c('bystander')}`);
}

describe("CRI updates through containerd's event service", () => {
  it('a container killed through the CRI reaches watch --json from an event, and doctor names the source', async () => {
    const doctor = await podlab(['doctor'], { env: cri.env });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toContain("updates: event-driven (containerd's event service, /tasks/ and /containers/ in namespace k8s.io");

    const name = uniqueName('c4-ev');
    const launched = await podlab(['launch', manifest(name), '--wait'], { env: cri.env });
    expect(launched.code, launched.stderr).toBe(0);
    const watch = startWatch(cri.env);
    try {
      const line = (container: string, state: string) => (): Record<string, unknown> | undefined =>
        watch.lines.find((l) => l.type === 'container' && l.pod === name && l.container === container && l.state === state);
      await until(line('victim', 'running'), 20_000, 100, 'watch to report the victim running');
      const [victim] = await cri.ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': name, 'io.podlab.container': 'victim' } });
      expect(victim?.state).toBe('CONTAINER_RUNNING');
      await cri.ctd.cri.stopContainer(victim!.id, 0);

      const exited = await until(line('victim', 'exited'), 20_000, 50, 'watch to report the victim exited');
      // The first line that reports it came from containerd's /tasks/exit event, not from the relist (10 s safety net).
      expect(exited.source).toBe('events');
      expect(exited.exitCode).toBe(137);
      expect(watch.lines.some((l) => l.type === 'engine' && l.state === 'disconnected')).toBe(false);
      expect(line('bystander', 'exited')()).toBeUndefined();
    } finally {
      watch.child.kill('SIGTERM');
      await podlab(['rm', name], { env: cri.env });
    }
  });
});

describe('one containerd event stream per connection', () => {
  it('two subscriptions on one runtime (the live model and the kubelet logic) share it, and both see a kill', async () => {
    const rt = await CriRuntime.connect(cri.ctd.endpoint);
    const name = uniqueName('h13-ev2');
    const subs = [0, 1].map(() => rt.events.subscribe({ type: 'container', pod: name }));
    try {
      let streams = 0;
      const open = rt.client.containerdEvents.bind(rt.client);
      rt.client.containerdEvents = (...args: Parameters<typeof open>): ReturnType<typeof open> => {
        streams += 1;
        return open(...args);
      };
      const seen: RuntimeEvent[][] = [[], []];
      subs.forEach((s, i) => s.on('event', (e) => seen[i]!.push(e)));
      expect(await Promise.all(subs.map((s) => s.start()))).toEqual([true, true]);
      expect(rt.eventMode).toBe('containerd-events');
      expect(streams).toBe(1);
      const launched = await podlab(['launch', manifest(name), '--wait'], { env: cri.env });
      expect(launched.code, launched.stderr).toBe(0);
      const [victim] = await cri.ctd.cri.listContainers({ labelSelector: { 'io.podlab.pod': name, 'io.podlab.container': 'victim' } });
      await cri.ctd.cri.stopContainer(victim!.id, 0);
      for (const list of seen) {
        const died = await until(() => list.find((e) => e.action === 'die' && e.id === victim!.id), 20_000, 50, 'each subscription to see the victim die');
        expect(died.source).toBe('events');
      }
      expect(streams).toBe(1);
    } finally {
      for (const s of subs) s.stop();
      rt.close();
      await podlab(['rm', name], { env: cri.env });
    }
  });
});
