// `podlab debug`: an ephemeral container as `kubectl debug` adds one — joined to the sandbox's network and IPC
// namespaces (and with a target, to that container's PID namespace), labelled role `ephemeral`, never restarted,
// removed with the pod.
import type { ContainerCreateOptions } from 'dockerode';
import { LABEL_ATTEMPT, LABEL_EPHEMERAL, LABEL_POD, LABEL_ROLE, LABEL_TARGET, LABEL_UID } from '../../../shared/model';
import { demoImage } from '../config';
import type { EngineConnection } from '../docker';
import { appName } from '../pods/names';
import { ensureImages } from '../pods/pull';
import { ensureRunning } from './running';
import { splitStreams, stdinOf, type AttachedSession } from './session';
import { HandsError, findTarget, podContainers, type Target } from './target';

export interface DebugOptions {
  image?: string;
  /** The app container whose processes the debug container should see. */
  target?: string;
  cmd?: string[];
  stdin: boolean;
  tty: boolean;
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

export function debugOptions(pod: string, uid: string, sandboxId: string, name: string, image: string, target: { name: string; id: string } | null, o: DebugOptions): ContainerCreateOptions {
  return {
    name: appName(name, pod, uid, 0),
    Image: image,
    ...(o.cmd?.length ? { Cmd: o.cmd } : { Cmd: ['sh'] }),
    Tty: o.tty,
    OpenStdin: o.stdin,
    // Like kubectl's ephemeral containers: stdin closes when the attached client leaves, the shell then ends.
    StdinOnce: o.stdin,
    AttachStdin: o.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Labels: {
      [LABEL_POD]: pod,
      [LABEL_ROLE]: 'ephemeral',
      [LABEL_EPHEMERAL]: name,
      [LABEL_UID]: uid,
      [LABEL_ATTEMPT]: '0',
      ...(target ? { [LABEL_TARGET]: target.name } : {}),
    },
    HostConfig: {
      NetworkMode: `container:${sandboxId}`,
      IpcMode: `container:${sandboxId}`,
      ...(target ? { PidMode: `container:${target.id}` } : {}),
      RestartPolicy: { Name: 'no' },
    },
  };
}

/** Creates and starts the debug container, attached first so no output is lost; the session ends with it. */
export async function startDebug(conn: EngineConnection, pod: string, o: DebugOptions): Promise<{ container: DebugContainer; session: AttachedSession }> {
  const p = await podContainers(conn, pod);
  if (!p.sandbox) await findTarget(conn, pod, undefined); // the unknown-pod / no-container answer
  const sandbox = p.sandbox!;
  if (sandbox.State !== 'running') {
    throw new HandsError('not-running', `cannot add a debug container to pod ${pod}: its sandbox is ${sandbox.State}, and a container can only join a running sandbox's network namespace`);
  }
  let target: Target | null = null;
  if (o.target !== undefined) {
    target = await findTarget(conn, pod, o.target);
    if (target.role !== 'app') throw new HandsError('unknown-container', `--target must be an app container of pod ${pod}: one of ${p.appNames.join(', ')}`, p.appNames);
    await ensureRunning(conn, target, 'target');
  }
  const image = o.image ?? demoImage();
  await ensureImages(conn.docker, [image]);
  const name = debuggerName(new Set([...p.attempts.keys(), ...p.ephemerals.keys()]));
  const uid = sandbox.Labels[LABEL_UID] ?? '';
  const ctr = await conn.docker.createContainer(debugOptions(pod, uid, sandbox.Id, name, image, target ? { name: target.name, id: target.container.Id } : null, o));
  const stream = (await ctr.attach({ stream: true, stdin: o.stdin, stdout: true, stderr: true, hijack: o.stdin })) as NodeJS.ReadWriteStream & { destroy(): void };
  const { stdout, stderr, ended } = splitStreams(conn.docker, stream, o.tty);
  await ctr.start();
  const exit = (async (): Promise<number> => {
    const r = (await ctr.wait()) as { StatusCode: number };
    await ended;
    return r.StatusCode;
  })();
  const session: AttachedSession = {
    stdout,
    stderr,
    stdin: o.stdin ? stdinOf(stream) : null,
    tty: o.tty,
    resize: async (cols, rows) => {
      if (o.tty && cols > 0 && rows > 0) await ctr.resize({ w: cols, h: rows }).catch(() => undefined);
    },
    exit,
    // A debug shell with a TTY outlives its attach connection: when its client goes, it ends (it is never restarted).
    close: () => {
      stream.destroy();
      ctr.kill().catch(() => undefined);
    },
  };
  return { container: { name, id: ctr.id, image, target: target?.name ?? null }, session };
}
