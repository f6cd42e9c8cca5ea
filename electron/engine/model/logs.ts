// Container logs for the detail panel: the last lines, and live lines as `log` push events.
import type { ContainerInspectInfo } from 'dockerode';
import type { PushEvent } from '../../../shared/api';
import { LABEL_CONTAINER } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { discoverPods } from '../pods/discover';
import { demux } from '../probe/helper';
import { SANDBOX_CONTAINER } from './pod';

async function containersOf(conn: EngineConnection, pod: string, container: string | null): Promise<ContainerInspectInfo[]> {
  const [raw] = await discoverPods(conn.docker, [pod]);
  if (!raw) throw new Error(`No pod named "${pod}". See the pod list (podlab ls).`);
  const all = [...(raw.sandbox ? [raw.sandbox] : []), ...raw.apps];
  const nameOf = (c: ContainerInspectInfo): string => (c === raw.sandbox ? SANDBOX_CONTAINER : (c.Config.Labels[LABEL_CONTAINER] ?? c.Name));
  const found = container == null ? raw.apps : all.filter((c) => nameOf(c) === container);
  if (container != null && found.length === 0) throw new Error(`Pod ${pod} has no container "${container}".`);
  return found;
}

export async function tailContainerLogs(conn: EngineConnection, pod: string, container: string, tail: number): Promise<string[]> {
  const [c] = await containersOf(conn, pod, container);
  const buf = (await conn.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, tail: Math.max(0, Math.floor(tail)), follow: false })) as unknown as Buffer;
  const { stdout, stderr } = c.Config.Tty ? { stdout: buf.toString('utf8'), stderr: '' } : demux(buf);
  return (stdout + stderr).split('\n').filter((l) => l.length > 0).slice(-tail);
}

/** Starts following; resolves to stop functions. */
export async function followContainerLogs(conn: EngineConnection, pod: string, container: string | null, push: (ev: PushEvent) => void): Promise<(() => void)[]> {
  const list = await containersOf(conn, pod, container);
  return Promise.all(
    list.map(async (c) => {
      const name = c.Config.Labels[LABEL_CONTAINER] ?? SANDBOX_CONTAINER;
      const stream = (await conn.docker.getContainer(c.Id).logs({ stdout: true, stderr: true, follow: true, tail: 0 })) as NodeJS.ReadableStream;
      let pending = Buffer.alloc(0);
      const rest = { stdout: '', stderr: '' };
      stream.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 8) {
          const len = pending.readUInt32BE(4);
          if (pending.length < 8 + len) break;
          const which = pending[0] === 2 ? 'stderr' : 'stdout';
          const lines = (rest[which] + pending.subarray(8, 8 + len).toString('utf8')).split('\n');
          rest[which] = lines.pop() ?? '';
          for (const line of lines) push({ type: 'log', pod, container: name, line, stream: which });
          pending = pending.subarray(8 + len);
        }
      });
      return () => (stream as unknown as { destroy?: () => void }).destroy?.();
    }),
  );
}
