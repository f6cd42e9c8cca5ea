// The helper probe: one short-lived container (the demo image, host PID and network namespaces, only SYS_PTRACE and
// DAC_READ_SEARCH) prints everything the model needs for all pods in one go. For docker-group users and Docker Desktop.
// It has host networking only to see the host's /sys/class/net (another process's /proc/<pid>/root may be denied).
import type { EngineConnection } from '../docker';
import { HELPER_SCRIPT, parseHelperDump } from './dump';
import type { ProbeFacts, ProbeRequest } from './types';

/**
 * Resolves once this connection has no helper container running (a process that exits earlier would leave one
 * behind). The connection's queue runs one helper at a time: a burst of refreshes queues instead of starting many.
 */
export async function helperIdle(conn: EngineConnection): Promise<void> {
  // Runs queued while we waited count too.
  for (let q = conn.caches.helperQueue; ; q = conn.caches.helperQueue) {
    await q;
    if (q === conn.caches.helperQueue) return;
  }
}

export function probeHelper(conn: EngineConnection, req: ProbeRequest): Promise<ProbeFacts> {
  const run = conn.caches.helperQueue.then(() => runHelper(conn, req));
  conn.caches.helperQueue = run.catch(() => undefined);
  return run;
}

async function runHelper(conn: EngineConnection, req: ProbeRequest): Promise<ProbeFacts> {
  const t0 = process.hrtime.bigint();
  const res = await conn.runtime.runHelper({
    image: conn.config.demoImage,
    script: HELPER_SCRIPT,
    env: { SANDBOXES: req.sandboxPids.join(' '), APPS: req.appPids.join(' '), IDS: req.containerIds.join('|') },
  });
  if (res.exitCode !== 0 && !res.stdout.includes('@@done')) throw new Error(`probe helper exited ${res.exitCode}: ${res.stderr.trim()}`);
  return { path: 'helper', ...parseHelperDump(res.stdout), ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}
