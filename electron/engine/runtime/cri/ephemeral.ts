// `podlab debug` on a CRI runtime: the ephemeral container as the kubelet adds one — CreateContainer in the pod's
// sandbox with the pod's network and IPC namespaces and, with a target, PID namespace TARGET + target_id; podlab's
// labels with role `ephemeral`; never restarted; RemovePodSandbox takes it with the pod. A TTY is attached through
// the streaming Attach URL; without one the output is the container's log file (nothing is lost before an attach),
// and stdin goes through an Attach whose end closes the container's stdin (stdin_once), which v4 cannot do otherwise.
import { PassThrough } from 'node:stream';
import type { CriClient } from '../../cri/client';
import type * as cri from '../../cri/types';
import type { AttachedSession, AttachOptions, EphemeralConfig } from '../hands';
import type { LogLine } from '../runtime';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_EPHEMERAL, LABEL_POD, LABEL_ROLE, LABEL_TARGET, LABEL_UID } from '../vocabulary';
import { K8S_CONTAINER_NAME, K8S_POD_NAME, K8S_POD_NAMESPACE, K8S_POD_UID } from './config';
import { call, orGone } from './errors';
import { criLogFollower, tailCriLog, type CriLogFollower } from './logs';
import { openRemoteStream, type RemoteStream } from './streaming';

const STATUS_POLL_MS = 100;
/** How long the log may take to settle after the exit. */
const LOG_SETTLE_MS = 2000;
/** What a TTY session replays of its log from before the attach (a terminal's scrollback, not the whole log). */
const LOG_REPLAY_LINES = 1000;

/** CreateContainer's config for the debug container (kubelet: the pod's namespaces, the target's PID namespace). */
export function ephemeralContainerConfig(cfg: EphemeralConfig, sandbox: cri.PodSandboxConfig, opts: AttachOptions): cri.ContainerConfig {
  const podNs = sandbox.linux.securityContext.namespaceOptions;
  const namespaceOptions: cri.NamespaceOption = cfg.target
    ? { network: podNs.network, ipc: podNs.ipc, pid: 'TARGET', targetId: cfg.target.id }
    : { network: podNs.network, ipc: podNs.ipc, pid: podNs.pid };
  const { pod } = cfg;
  return {
    metadata: { name: cfg.name, attempt: 0 },
    image: { image: cfg.image },
    command: cfg.command.length ? cfg.command : ['sh'],
    args: [],
    workingDir: '',
    envs: [],
    labels: {
      [K8S_POD_NAME]: pod.name,
      [K8S_POD_NAMESPACE]: pod.namespace,
      [K8S_POD_UID]: pod.uid,
      [K8S_CONTAINER_NAME]: cfg.name,
      [LABEL_POD]: pod.name,
      [LABEL_ROLE]: 'ephemeral',
      [LABEL_EPHEMERAL]: cfg.name,
      [LABEL_CONTAINER]: cfg.name,
      [LABEL_UID]: pod.uid,
      [LABEL_ATTEMPT]: '0',
      ...(cfg.target ? { [LABEL_TARGET]: cfg.target.name } : {}),
    },
    annotations: {},
    logPath: `${cfg.name}/0.log`,
    stdin: opts.stdin,
    // As kubectl debug: stdin closes when the attached client leaves.
    stdinOnce: opts.stdin,
    tty: opts.tty,
    linux: { securityContext: { namespaceOptions } },
  };
}

/** The container's exit code once it exited (polled: the CRI has no wait call). `stopped` ends the wait early. */
async function exitCodeOf(client: CriClient, id: string, stopped: () => boolean): Promise<number> {
  for (;;) {
    const st = (await orGone(client.containerStatus(id, false)))?.status;
    if (!st) throw new Error(`debug container ${id} is gone (the pod was removed?): its exit code is lost`);
    if (st.state === 'CONTAINER_EXITED') return st.exitCode;
    if (stopped()) return 137;
    await new Promise((r) => setTimeout(r, STATUS_POLL_MS));
  }
}

/**
 * Reads the log until it stops growing once the container exited (containerd records the exit before its log writer
 * has written the last line), at most LOG_SETTLE_MS.
 */
async function settle(follower: CriLogFollower): Promise<void> {
  const deadline = Date.now() + LOG_SETTLE_MS;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    quiet = (await follower.drain()) ? 0 : quiet + 1;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The output of a container without a TTY, read from its log file from the start, ended once it exited. */
async function logOutput(client: CriClient, id: string, stopped: () => boolean): Promise<{ stdout: PassThrough; stderr: PassThrough; exit: Promise<number> }> {
  const path = (await call(client.containerStatus(id, false))).status?.logPath ?? '';
  const out = { stdout: new PassThrough(), stderr: new PassThrough() };
  const follower = await criLogFollower(path, (l: LogLine) => void out[l.stream].write(`${l.text}\n`), 0);
  const exit = exitCodeOf(client, id, stopped).finally(async () => {
    await settle(follower);
    follower.stop();
    // A last line without its newline is kept as it was written.
    for (const l of follower.partials()) out[l.stream].write(l.text);
    out.stdout.end();
    out.stderr.end();
  });
  return { ...out, exit };
}

/**
 * A TTY's output from its attach, after what the log recorded before the attach (a command's output before it is
 * only there): the log's lines up to the attach, then the attach's bytes.
 */
async function withLogBefore(client: CriClient, id: string, attached: PassThrough): Promise<PassThrough> {
  const out = new PassThrough();
  const path = (await orGone(client.containerStatus(id, false)))?.status?.logPath ?? '';
  for (const l of await tailCriLog(path, LOG_REPLAY_LINES)) out.write(`${l.text}\n`);
  attached.pipe(out);
  return out;
}

interface Started {
  client: CriClient;
  id: string;
  opts: AttachOptions;
  stopped: () => boolean;
  /** The attach stream, once there is one (close() ends it). */
  onStream: (s: RemoteStream) => void;
}

/** The session of a created debug container: started, then its output from the log or its attach (see the top). */
async function startSession({ client, id, opts, stopped, onStream }: Started): Promise<Omit<AttachedSession, 'tty' | 'close'>> {
  const noResize = (): Promise<void> => Promise.resolve();
  if (!opts.tty) {
    const logs = await logOutput(client, id, stopped);
    await call(client.startContainer(id));
    if (!opts.stdin) return { stdout: logs.stdout, stderr: logs.stderr, stdin: null, resize: noResize, exit: logs.exit };
    const s = await openRemoteStream(await call(client.attach({ containerId: id, tty: false, stdin: true, stdout: false, stderr: false })), opts);
    onStream(s);
    // stdin's end closes the attach; stdin_once then closes the container's stdin: its EOF.
    (s.stdin as PassThrough | null)?.on('end', () => s.close());
    return { stdout: logs.stdout, stderr: logs.stderr, stdin: s.stdin, resize: noResize, exit: logs.exit };
  }
  await call(client.startContainer(id));
  const url = await call(client.attach({ containerId: id, tty: true, stdin: opts.stdin, stdout: true, stderr: false })).catch(async (err: unknown) => {
    // A command that ended before the attach: its whole output is in the log.
    if ((await orGone(client.containerStatus(id, false)))?.status?.state === 'CONTAINER_EXITED') return null;
    throw err;
  });
  if (url === null) {
    const logs = await logOutput(client, id, stopped);
    return { stdout: logs.stdout, stderr: logs.stderr, stdin: null, resize: noResize, exit: logs.exit };
  }
  const s = await openRemoteStream(url, opts);
  onStream(s);
  const stdout = await withLogBefore(client, id, s.stdout);
  // The TTY starts without a size (the CRI has none for it); the first size also makes a shell redraw its prompt,
  // which it printed before the attach.
  if (opts.size) s.resize(opts.size.cols, opts.size.rows);
  return { stdout, stderr: s.stderr, stdin: s.stdin, resize: (cols, rows) => Promise.resolve(s.resize(cols, rows)), exit: s.status.then(() => exitCodeOf(client, id, stopped)) };
}

/** What the runtime knows of the pod the debug container joins. */
export interface EphemeralPod {
  /** The sandbox's config (CreateContainer wants it again). */
  sandboxConfig(id: string): Promise<cri.PodSandboxConfig>;
  /** The config with the pod's /etc/hosts mounted, as every container of the pod has it (./pod-state.ts). */
  withHostsFile(sandboxId: string, sandbox: cri.PodSandboxConfig, config: cri.ContainerConfig): Promise<cri.ContainerConfig>;
}

/** Creates, starts and attaches to the debug container; the session ends with it, and close() stops it. */
export async function runCriEphemeral(client: CriClient, pod: EphemeralPod, cfg: EphemeralConfig, opts: AttachOptions): Promise<{ id: string; session: AttachedSession }> {
  const sandbox = await pod.sandboxConfig(cfg.sandboxId);
  const config = await call(pod.withHostsFile(cfg.sandboxId, sandbox, ephemeralContainerConfig(cfg, sandbox, opts)));
  const id = await call(client.createContainer(cfg.sandboxId, config, sandbox));
  let closed = false;
  let stream: RemoteStream | null = null;
  const close = (): void => {
    closed = true;
    stream?.close();
    // Never restarted, and not left running when its client goes (a shell would wait for input forever).
    client.stopContainer(id, 0).catch(() => undefined);
  };
  try {
    const session = await startSession({ client, id, opts, stopped: () => closed, onStream: (s) => (stream = s) });
    return { id, session: { ...session, tty: opts.tty, close } };
  } catch (err) {
    close(); // nobody will attach to it: it must not wait for input forever (it goes with the pod)
    throw err;
  }
}
