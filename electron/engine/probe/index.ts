// Chooses how to read /proc and /sys (direct as root, else through a helper container, else none) and runs the probe.
import type { ProbePath } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { demoImage } from '../config';
import { canProbeDirect, probeDirect } from './direct';
import { probeHelper } from './helper';
import { emptyFacts, type ProbeFacts, type ProbeRequest } from './types';

export type { ProbeFacts, ProbeRequest, TcpTables } from './types';
export { startTcpTables } from './direct';

/** PODLAB_PROBE=direct|helper|none forces a path (tests, troubleshooting); otherwise it is detected. */
export async function chooseProbe(conn: EngineConnection, sample?: { pid: number; id: string }, env: NodeJS.ProcessEnv = process.env): Promise<ProbePath> {
  const forced = env.PODLAB_PROBE;
  if (forced === 'direct' || forced === 'helper' || forced === 'none') return forced;
  if (await canProbeDirect(sample)) return 'direct';
  return (await conn.runtime.images.present(demoImage(env)).catch(() => false)) ? 'helper' : 'none';
}

/** Why a path was chosen, in words for doctor/inspect. */
export function describeProbe(path: ProbePath, env: NodeJS.ProcessEnv = process.env): string {
  if (path === 'direct') return `direct: reading /proc and /sys of this machine${env.PODLAB_PROBE === 'direct' ? ' (forced by PODLAB_PROBE)' : ''}`;
  const why = env.PODLAB_PROBE === path ? ' (forced by PODLAB_PROBE)' : path === 'helper' ? ' (/proc of the engine\'s processes is not readable here)' : '';
  if (path === 'helper') return `helper: reading /proc through a short-lived helper container (${demoImage(env)}, --pid=host, SYS_PTRACE)${why}`;
  return `none: /proc is not readable and the helper image ${demoImage(env)} is missing (pull it, or set PODLAB_DEMO_IMAGE)`;
}

export async function runProbe(conn: EngineConnection, path: ProbePath, req: ProbeRequest): Promise<ProbeFacts> {
  try {
    if (path === 'direct') return await probeDirect(req);
    if (path === 'helper') return await probeHelper(conn.runtime, req);
  } catch (err) {
    return emptyFacts(path, err instanceof Error ? err.message : String(err));
  }
  return emptyFacts('none');
}
