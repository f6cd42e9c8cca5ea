// Output shared by `launch` and `add`: pull progress on stderr, the pod's final states, failures explained, exit codes.
import type { LaunchResult, PullProgress } from '../../shared/api';
import type { PodModel } from '../../shared/model';
import { EXIT_ENGINE, EXIT_FAILED, EXIT_INVALID, EXIT_OK, UsageError } from './command';
import { conflictText } from '../../shared/conflicts/explain';
import { containerMessage, podReason } from '../../shared/i18n/facts';

/**
 * Progress bar when stderr is a terminal; otherwise a line at most every 2 s and when an image is done. stderr is only
 * touched once there is progress to show (setting it up costs a launch ~1 ms before its first container otherwise).
 */
export function pullReporter(to?: NodeJS.WriteStream): (p: PullProgress) => void {
  let lastLine = 0;
  return (p) => {
    const stream = to ?? process.stderr;
    const pct = p.fraction === null ? null : Math.round(p.fraction * 100);
    if (stream.isTTY) {
      const width = 24;
      const filled = pct === null ? 0 : Math.round((pct / 100) * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      stream.write(`\r\x1b[2Kpulling ${p.image} ${bar} ${pct === null ? '' : `${pct}% `}${p.status}`);
      if (p.done) stream.write('\n');
    } else if (p.done || Date.now() - lastLine > 2000) {
      lastLine = Date.now();
      stream.write(`pulling ${p.image}: ${p.done ? 'done' : `${pct === null ? '' : `${pct}% `}${p.status}`}\n`);
    }
  };
}

function containerLine(c: PodModel['containers'][number]): string {
  const exit = c.state === 'exited' && c.exitCode !== null ? ` (exit ${c.exitCode})` : '';
  const reason = c.reason ? ` — ${c.reason}` : '';
  return `  ${c.name.padEnd(16)} ${c.state}${exit}${reason}`;
}

/** Human summary on stdout; what failed and why on stderr. */
export function printResult(r: LaunchResult, verb: string, onlyFailures = false): void {
  const p = r.pod;
  const lines = [`pod ${p.name} ${verb}: ${p.phase}${p.ip ? `, IP ${p.ip}` : ''}${p.namespaces?.net ? `, ${p.namespaces.net}` : ''}`];
  if (p.sandbox) lines.push(`  ${'(sandbox)'.padEnd(16)} ${p.sandbox.state}  ${p.sandbox.name}`);
  lines.push(...p.containers.map(containerLine));
  for (const port of p.ports) lines.push(`  published ${port.hostIp || '0.0.0.0'}:${port.hostPort} -> ${port.containerPort}/${port.protocol}`);
  if (!onlyFailures) process.stdout.write(lines.join('\n') + '\n');
  if (r.ok) return;
  const why: string[] = p.conflicts.map(conflictText);
  if (p.sandbox && p.sandbox.state !== 'running' && why.length === 0) {
    why.push(
      `the sandbox of ${p.name} is ${p.sandbox.state}${podReason('en', p) ? `: ${podReason('en', p)}` : ''}` +
        (p.ports.length || p.sandbox.state === 'created' ? ' — a hostPort it publishes is probably held by another pod or process (podlab ls shows who)' : ''),
    );
  }
  // A lifecycle hook that failed: the kubelet's event says why the container was killed.
  for (const e of p.events ?? []) if (e.reason === 'FailedPostStartHook' || e.reason === 'FailedPreStopHook') why.push(`${e.reason}: ${e.message}`);
  for (const c of p.containers) {
    if (c.state === 'running' && c.live === false) why.push(`${c.name} is running but Unhealthy: ${containerMessage('en', c) ?? 'its liveness probe fails'}`);
    if (c.state !== 'running' && !p.conflicts.some((x) => x.victim.container === c.name)) {
      const exit = c.exitCode !== null && c.state === 'exited' ? ` (exit ${c.exitCode})` : '';
      const reason = c.reason === 'RunContainerError' ? ' — it could not start (RunContainerError)' : '';
      const message = containerMessage('en', c);
      why.push(`${c.name} is ${c.state}${exit}${reason}${message ? `: ${message}` : ''}`);
    }
  }
  if (p.containers.some((c) => c.reason === 'CrashLoopBackOff')) why.push('CrashLoopBackOff: the kubelet would restart it after the back-off; podlab restarts only while it watches (podlab watch, podlab serve or the app)');
  process.stderr.write(`podlab: pod ${p.name} ${verb === 'launched' ? 'was created' : verb} but not everything runs:\n${why.map((w) => `  - ${w}`).join('\n')}\n`);
}

/** Maps an error to podlab's exit codes and prints it. */
export function failWith(cmd: string, err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`podlab ${cmd}: ${message}\n`);
  if (err instanceof UsageError) return EXIT_INVALID;
  const code = (err as { exitCode?: unknown } | null)?.exitCode;
  if (code === EXIT_INVALID || code === EXIT_FAILED || code === EXIT_OK) return code;
  return EXIT_ENGINE;
}
