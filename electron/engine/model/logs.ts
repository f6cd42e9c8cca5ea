// Container logs for the detail panel: the last lines, and live lines as `log` push events. Lines arrive bounded
// from the runtime (runtime/logsplit.ts); a follower passes at most FOLLOW_LINES_PER_SECOND and summarises the rest.
import type { PushEvent } from '../../../shared/api';
import type { EngineConnection } from '../docker';
import { discoverPods } from '../pods/discover';
import type { ContainerStatus } from '../runtime/runtime';
import { LineBudget, skippedLine } from '../runtime/logsplit';
import { nameInPod, roleOf } from '../runtime/vocabulary';
import { SANDBOX_CONTAINER } from './pod';

/** The name the detail panel knows a container by: POD for the sandbox, an ephemeral container's own name. */
function logNameOf(c: ContainerStatus): string {
  return roleOf(c.labels) === 'sandbox' ? SANDBOX_CONTAINER : (nameInPod(c.labels) ?? c.name);
}

async function containersOf(conn: EngineConnection, pod: string, container: string | null): Promise<ContainerStatus[]> {
  const [raw] = await discoverPods(conn.runtime, [pod]);
  if (!raw) throw new Error(`No pod named "${pod}". See the pod list (podlab ls).`);
  // By name also init and ephemeral containers (their rows open a panel too); the whole pod's follow is its apps.
  const all = [...(raw.sandbox ? [raw.sandbox] : []), ...raw.apps, ...(raw.inits ?? []), ...(raw.ephemerals ?? [])];
  const found = container == null ? raw.apps : all.filter((c) => logNameOf(c) === container);
  if (container != null && found.length === 0) throw new Error(`Pod ${pod} has no container "${container}".`);
  return found;
}

export async function tailContainerLogs(conn: EngineConnection, pod: string, container: string, tail: number): Promise<string[]> {
  const [c] = await containersOf(conn, pod, container);
  // stdout, then stderr: the order the detail panel has always shown.
  const lines = await conn.runtime.logs.tail(c!.id, tail);
  return [...lines.filter((l) => l.stream === 'stdout'), ...lines.filter((l) => l.stream === 'stderr')].map((l) => l.text).slice(-tail);
}

/** Lines a follower passes on per second before it summarises the rest as "N lines skipped". */
export const FOLLOW_LINES_PER_SECOND = 500;

/** Starts following; resolves to stop functions. Memory per follower stays bounded whatever the container writes. */
export async function followContainerLogs(conn: EngineConnection, pod: string, container: string | null, push: (ev: PushEvent) => void): Promise<(() => void)[]> {
  const list = await containersOf(conn, pod, container);
  const started = await Promise.allSettled(list.map((c) => followOne(conn, pod, c, push)));
  const stops = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    stops.forEach((stop) => stop()); // none left running behind an error
    throw failed.reason;
  }
  return stops;
}

async function followOne(conn: EngineConnection, pod: string, c: ContainerStatus, push: (ev: PushEvent) => void): Promise<() => void> {
  const name = logNameOf(c);
  const budget = new LineBudget(FOLLOW_LINES_PER_SECOND, 1000);
  const report = (): void => {
    const n = budget.takeSkipped();
    if (n > 0) push({ type: 'log', pod, container: name, line: skippedLine(n), stream: 'stderr' });
  };
  const timer = setInterval(report, budget.windowMs);
  timer.unref();
  try {
    const stop = await conn.runtime.logs.follow(c.id, (l) => {
      if (budget.admit()) push({ type: 'log', pod, container: name, line: l.text, stream: l.stream });
    });
    return () => {
      clearInterval(timer);
      stop();
    };
  } catch (err) {
    clearInterval(timer);
    throw err;
  }
}
