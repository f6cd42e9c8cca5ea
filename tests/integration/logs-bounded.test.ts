// Log follows on the real engine: an 8 MB line without a newline arrives cut and marked (multiplexed and TTY
// containers), follows asked for three times at once leave one stream and every line once, and two clients of one
// session each get their own follow: closing one does not stop the other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../shared/api';
import type { PodlabEngine } from '../../electron/engine/engine';
import type { ClientPush } from '../../shared/contract';
import { LINE_CUT_MARK, MAX_LOG_LINE_BYTES } from '../../electron/engine/runtime/logsplit';
import { appByName, cleanupPods, docker, podContainers, podlab, podManifest, tempDir, uniqueName, until } from './helpers';

const pod = uniqueName('h15-logs');
const tmp = tempDir();
const demo = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';
const LONG = 8_000_000;

beforeAll(async () => {
  const file = tmp.write('logs.yaml', podManifest(pod, [{ name: 'web', command: ['sleep', '3600'] }]));
  const r = await podlab(['launch', file, '--wait']);
  expect(r.code, r.stderr).toBe(0);
  // A TTY container in the same pod (podlab's manifests have no tty field yet): made the way podlab makes app containers.
  const sb = podContainers(pod).sandbox!;
  const web = appByName(pod, 'web')!;
  const uid = web.Config.Labels['io.podlab.uid'];
  docker(['run', '-d', '-t', '--name', `k8s_tty_${pod}_default_${uid}_0`, '--network', `container:${sb.Id}`, '--label', `io.podlab.pod=${pod}`,
    '--label', 'io.podlab.role=app', '--label', 'io.podlab.container=tty', '--label', `io.podlab.uid=${uid}`, '--label', 'io.podlab.attempt=0', demo, 'sleep', '3600']);
});
afterAll(() => {
  cleanupPods([pod]);
  tmp.remove();
});

/** Runs `fn` with a fresh engine and the log lines it pushes for `container`; closes the engine after. Resolves to a
 *  reader of the engine's open log streams (to check nothing is left once it is closed). */
async function withEngine(container: string, fn: (engine: PodlabEngine, lines: string[]) => Promise<void>): Promise<() => number> {
  const { PodlabEngine } = await import('../../electron/engine/engine');
  const engine = await PodlabEngine.connect();
  const lines: string[] = [];
  engine.on('push', (ev: PushEvent) => {
    if (ev.type === 'log' && ev.container === container) lines.push(ev.line);
  });
  try {
    await fn(engine, lines);
  } finally {
    await engine.close();
  }
  return () => engine.logStreams;
}

/** Writes an 8 MB line without newline, then a short one, to the container's own stdout. */
function writeLongLine(container: string): void {
  const id = appByName(pod, container)!.Id;
  docker(['exec', id, 'sh', '-c', `head -c ${LONG} /dev/zero | tr '\\0' x > /proc/1/fd/1; echo > /proc/1/fd/1; echo after-the-long-line > /proc/1/fd/1`], 120_000);
}

describe('a line without end', () => {
  it.each(['web', 'tty'])('is cut at 16 KiB and marked, and the next line still arrives (%s)', async (container) => {
    await withEngine(container, async (engine, lines) => {
      await engine.followLogs(pod, container);
      writeLongLine(container);
      await until(() => lines.some((l) => l.includes('after-the-long-line')), 30_000, 100, 'the line after the long one');
      const long = lines.filter((l) => l.startsWith('xxxx'));
      expect(long).toHaveLength(1);
      expect(long[0]).toBe('x'.repeat(MAX_LOG_LINE_BYTES) + LINE_CUT_MARK);
      // The tail (detail panel's first lines) is bounded the same way.
      const tail = await engine.logs(pod, container, 5);
      expect(Math.max(...tail.map((l) => l.length))).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES + LINE_CUT_MARK.length);
    });
  });
});

describe('follows per subscriber', () => {
  it('three follows at once: one stream, every line once', async () => {
    const streams = await withEngine('web', async (engine, lines) => {
      await Promise.all([engine.followLogs(pod, 'web'), engine.followLogs(pod, 'web'), engine.followLogs(pod, 'web')]);
      expect(engine.logStreams).toBe(1);
      docker(['exec', appByName(pod, 'web')!.Id, 'sh', '-c', 'echo once-only > /proc/1/fd/1']);
      await until(() => lines.includes('once-only'), 10_000, 50);
      await new Promise((r) => setTimeout(r, 500));
      expect(lines.filter((l) => l === 'once-only')).toHaveLength(1);
    });
    expect(streams()).toBe(0);
  });

  it('two clients of one session follow side by side; dropping one leaves the other following', async () => {
    const { EngineSession } = await import('../../electron/engine/session');
    const session = new EngineSession();
    session.start();
    try {
      await until(() => session.current()?.type === 'model', 20_000, 100, 'the session to connect');
      const got: Record<string, string[]> = { a: [], b: [] };
      const link = (id: 'a' | 'b') => ({ id, push: (ev: ClientPush) => ev.type === 'log' && got[id].push(ev.line) });
      await Promise.all([session.call('followLogs', [pod, 'web'], link('a')), session.call('followLogs', [pod, 'tty'], link('b'))]);
      docker(['exec', appByName(pod, 'web')!.Id, 'sh', '-c', 'echo to-a > /proc/1/fd/1']);
      docker(['exec', appByName(pod, 'tty')!.Id, 'sh', '-c', 'echo to-b > /proc/1/fd/1']);
      await until(() => got.a.includes('to-a') && got.b.includes('to-b'), 10_000, 50, 'both clients\' lines');
      expect(got.a).not.toContain('to-b'); // a client gets the lines it follows, not everyone's
      session.dropClient('a');
      docker(['exec', appByName(pod, 'web')!.Id, 'sh', '-c', 'echo a-gone > /proc/1/fd/1']);
      docker(['exec', appByName(pod, 'tty')!.Id, 'sh', '-c', 'echo b-still > /proc/1/fd/1']);
      await until(() => got.b.includes('b-still'), 10_000, 50, 'b to keep following');
      await new Promise((r) => setTimeout(r, 300));
      expect(got.a).not.toContain('a-gone');
    } finally {
      await session.close();
    }
  });
});
