// The helper probe: one short-lived container (the demo image, host PID and network namespaces, only SYS_PTRACE and
// DAC_READ_SEARCH) prints everything the model needs for all pods in one go. For docker-group users and Docker Desktop.
// It has host networking only to see the host's /sys/class/net (another process's /proc/<pid>/root may be denied).
import { demoImage } from '../config';
import type { Runtime } from '../runtime/runtime';
import { HELPER_SCRIPT, parseHelperDump } from './dump';
import type { ProbeFacts, ProbeRequest } from './types';

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

export function probeHelper(rt: Runtime, req: ProbeRequest, env: NodeJS.ProcessEnv = process.env): Promise<ProbeFacts> {
  const run = queue.then(() => runHelper(rt, req, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runHelper(rt: Runtime, req: ProbeRequest, env: NodeJS.ProcessEnv): Promise<ProbeFacts> {
  const t0 = performance.now();
  const res = await rt.runHelper({
    image: demoImage(env),
    script: HELPER_SCRIPT,
    env: { SANDBOXES: req.sandboxPids.join(' '), APPS: req.appPids.join(' '), IDS: req.containerIds.join('|') },
  });
  if (res.exitCode !== 0 && !res.stdout.includes('@@done')) throw new Error(`probe helper exited ${res.exitCode}: ${res.stderr.trim()}`);
  return { path: 'helper', ...parseHelperDump(res.stdout), ms: performance.now() - t0 };
}
