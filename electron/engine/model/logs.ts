// Container logs for the detail panel: the last lines, and live lines as `log` push events.
import type { PushEvent } from '../../../shared/api';
import type { EngineConnection } from '../docker';
import { containerNameOf, discoverPods } from '../pods/discover';
import type { ContainerStatus } from '../runtime/runtime';
import { roleOf } from '../runtime/vocabulary';
import { SANDBOX_CONTAINER } from './pod';

async function containersOf(conn: EngineConnection, pod: string, container: string | null): Promise<ContainerStatus[]> {
  const [raw] = await discoverPods(conn.runtime, [pod]);
  if (!raw) throw new Error(`No pod named "${pod}". See the pod list (podlab ls).`);
  const all = [...(raw.sandbox ? [raw.sandbox] : []), ...raw.apps];
  const nameOf = (c: ContainerStatus): string => (c === raw.sandbox ? SANDBOX_CONTAINER : containerNameOf(c));
  const found = container == null ? raw.apps : all.filter((c) => nameOf(c) === container);
  if (container != null && found.length === 0) throw new Error(`Pod ${pod} has no container "${container}".`);
  return found;
}

export async function tailContainerLogs(conn: EngineConnection, pod: string, container: string, tail: number): Promise<string[]> {
  const [c] = await containersOf(conn, pod, container);
  // stdout, then stderr: the order the detail panel has always shown.
  const lines = await conn.runtime.logs.tail(c!.id, tail);
  return [...lines.filter((l) => l.stream === 'stdout'), ...lines.filter((l) => l.stream === 'stderr')].map((l) => l.text).slice(-tail);
}

/** Starts following; resolves to stop functions. */
export async function followContainerLogs(conn: EngineConnection, pod: string, container: string | null, push: (ev: PushEvent) => void): Promise<(() => void)[]> {
  const list = await containersOf(conn, pod, container);
  return Promise.all(
    list.map((c) => {
      const name = roleOf(c.labels) === 'sandbox' ? SANDBOX_CONTAINER : containerNameOf(c);
      return conn.runtime.logs.follow(c.id, (l) => push({ type: 'log', pod, container: name, line: l.text, stream: l.stream }));
    }),
  );
}
