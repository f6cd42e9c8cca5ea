// podlab doctor: which engine endpoint answers (or what was tried), versions, the images podlab needs,
// socket and /proc permissions, and what to fix (the checks are the engine's: electron/engine/health.ts).
// Exit 0 healthy, 1 not.
import { EXIT_ENGINE, EXIT_OK, UsageError } from '../command';
import { failWith } from '../pod-output';
import type { CheckStatus, HealthCheck } from '../../engine/health';
import type { PodlabConfig } from '../../engine/config';

const mark: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  try {
    if (args.length) throw new UsageError('usage: podlab doctor');
    const { healthChecks } = await import('../../engine/health');
    return report(await healthChecks(process.env, config));
  } catch (err) {
    return failWith('doctor', err);
  }
}

function report(checks: HealthCheck[]): number {
  const lines = checks.map((c) => `${mark[c.status]}  ${c.what}${c.fix ? `\n      fix: ${c.fix.split('\n').join('\n      ')}` : ''}`);
  const failed = checks.some((c) => c.status === 'fail');
  lines.push('', failed ? 'podlab is not ready: fix the FAIL lines above.' : 'podlab is ready.');
  process.stdout.write(lines.join('\n') + '\n');
  return failed ? EXIT_ENGINE : EXIT_OK;
}
