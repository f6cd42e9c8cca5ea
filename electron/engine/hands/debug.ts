// `podlab debug`: an ephemeral container as `kubectl debug` adds one — joined to the sandbox's network and IPC
// namespaces (and with a target, to that container's PID namespace), labelled role `ephemeral`, never restarted,
// removed with the pod. The runtime makes it (runtime/hands.ts); this finds the pod and checks what kubectl checks.
import type { AttachedSession } from '../runtime/hands';
import { LABEL_UID, POD_NAMESPACE } from '../runtime/vocabulary';
import type { EngineConnection } from '../docker';
import { ensureImages } from '../pods/pull';
import { ensureRunning } from './running';
import { HandsError, findTarget, handsOf, podContainers, type Target } from './target';

export interface DebugOptions {
  image?: string;
  /** The app container whose processes the debug container should see. */
  target?: string;
  cmd?: string[];
  stdin: boolean;
  tty: boolean;
  size?: { cols: number; rows: number };
}

export interface DebugContainer {
  name: string;
  id: string;
  image: string;
  target: string | null;
}

/** kubectl's generated name: debugger-<5 letters/digits>. */
function debuggerName(taken: Set<string>): string {
  for (let i = 0; i < 20; i += 1) {
    const n = `debugger-${Math.random().toString(36).slice(2, 7).padEnd(5, 'x')}`;
    if (!taken.has(n)) return n;
  }
  throw new Error('could not find a free name for the debug container; try again');
}

/** Creates and starts the debug container, attached first so no output is lost; the session ends with it. */
export async function startDebug(conn: EngineConnection, pod: string, o: DebugOptions): Promise<{ container: DebugContainer; session: AttachedSession }> {
  const hands = handsOf(conn);
  const p = await podContainers(conn, pod);
  if (!p.sandbox) await findTarget(conn, pod, undefined); // the unknown-pod / no-container answer
  const sandbox = p.sandbox!;
  if (sandbox.state !== 'running') {
    throw new HandsError('not-running', `cannot add a debug container to pod ${pod}: its sandbox is ${sandbox.state}, and a container can only join a running sandbox's network namespace`);
  }
  let target: Target | null = null;
  if (o.target !== undefined) {
    target = await findTarget(conn, pod, o.target);
    if (target.role !== 'app') throw new HandsError('unknown-container', `--target must be an app container of pod ${pod}: one of ${p.appNames.join(', ')}`, p.appNames);
    await ensureRunning(conn, target, 'target');
  }
  const image = o.image ?? conn.config.demoImage;
  await ensureImages(conn.runtime, [image]);
  const name = debuggerName(new Set([...p.attempts.keys(), ...p.ephemerals.keys()]));
  const { id, session } = await hands.runEphemeral(
    {
      pod: { name: pod, namespace: POD_NAMESPACE, uid: sandbox.labels[LABEL_UID] ?? '' },
      name,
      sandboxId: sandbox.id,
      image,
      command: o.cmd ?? [],
      target: target ? { name: target.name, id: target.container.id } : null,
    },
    { stdin: o.stdin, tty: o.tty, size: o.size },
  );
  return { container: { name, id, image, target: target?.name ?? null }, session };
}
