// The helper probe: one short-lived container (the demo image, host PID and network namespaces, only SYS_PTRACE and
// DAC_READ_SEARCH) prints everything the model needs for all pods in one go. For docker-group users and Docker Desktop.
// It has host networking only to see the host's /sys/class/net (another process's /proc/<pid>/root may be denied).
import type Docker from 'dockerode';
import { LABEL_HELPER } from '../../../shared/model';
import { demoImage } from '../config';
import { HELPER_SCRIPT, parseHelperDump } from './dump';
import type { ProbeFacts, ProbeRequest } from './types';

/** Splits Docker's multiplexed (non-TTY) log stream into stdout and stderr text. */
export function demux(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const kind = buf[i];
    const len = buf.readUInt32BE(i + 4);
    const chunk = buf.subarray(i + 8, i + 8 + len);
    (kind === 2 ? err : out).push(chunk);
    i += 8 + len;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** One helper container at a time per process: a burst of refreshes queues instead of starting many containers. */
let queue: Promise<unknown> = Promise.resolve();

/** Resolves once this process has no helper container running (a process that exits earlier would leave one behind). */
export async function helperIdle(): Promise<void> {
  // Runs queued while we waited count too.
  for (let q = queue; ; q = queue) {
    await q;
    if (q === queue) return;
  }
}

export function probeHelper(docker: Docker, req: ProbeRequest, env: NodeJS.ProcessEnv = process.env): Promise<ProbeFacts> {
  const run = queue.then(() => runHelper(docker, req, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runHelper(docker: Docker, req: ProbeRequest, env: NodeJS.ProcessEnv): Promise<ProbeFacts> {
  const t0 = performance.now();
  const c = await docker.createContainer({
    Image: demoImage(env),
    Entrypoint: ['sh', '-c', HELPER_SCRIPT],
    Cmd: [],
    Env: [`SANDBOXES=${req.sandboxPids.join(' ')}`, `APPS=${req.appPids.join(' ')}`, `IDS=${req.containerIds.join('|')}`],
    Labels: { [LABEL_HELPER]: 'true' },
    HostConfig: {
      PidMode: 'host',
      // Host cgroup namespace: /proc/<pid>/cgroup then names every container's full id.
      ...({ CgroupnsMode: 'host' } as Record<string, string>),
      // Host network only so the helper's own /sys shows the host's interfaces (docker0, the veths).
      NetworkMode: 'host',
      CapDrop: ['ALL'],
      CapAdd: ['SYS_PTRACE', 'DAC_READ_SEARCH'],
      ReadonlyRootfs: true,
      LogConfig: { Type: 'json-file', Config: {} },
    },
  });
  try {
    await c.start();
    const res = (await c.wait()) as { StatusCode?: number };
    const logs = (await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const { stdout, stderr } = demux(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs)));
    if (res.StatusCode !== 0 && !stdout.includes('@@done')) throw new Error(`probe helper exited ${res.StatusCode ?? '?'}: ${stderr.trim()}`);
    return { path: 'helper', ...parseHelperDump(stdout), ms: performance.now() - t0 };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}
