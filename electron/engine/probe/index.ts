// Chooses how to read /proc and /sys (direct as root, else through a helper container, else none) and runs the probe.
import type { ProbePath } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { canProbeDirect, probeDirect } from './direct';
import { probeHelper } from './helper';
import { probeThreadOf } from './thread';
import { emptyFacts, type ProbeFacts, type ProbeRequest } from './types';

export type { ProbeFacts, ProbeRequest, TcpTables } from './types';
export { startHostIfaces, startTcpTables } from './direct';

/** PODLAB_PROBE=direct|helper|none (conn.config.probe) forces a path (tests, troubleshooting); otherwise it is detected. */
export async function chooseProbe(conn: EngineConnection, sample?: { pid: number; id: string }): Promise<ProbePath> {
  const forced = conn.config.probe;
  if (forced) return forced;
  // A remote or VM engine's PIDs are not this machine's: /proc here tells nothing about its containers.
  if (!conn.remote && (await canProbeDirect(sample))) return 'direct';
  return (await conn.runtime.images.present(conn.config.demoImage).catch(() => false)) ? 'helper' : 'none';
}

export async function runProbe(conn: EngineConnection, path: ProbePath, req: ProbeRequest): Promise<ProbeFacts> {
  try {
    // A live model's probes run on its thread (probe/thread.ts); one carrying reads already started, here.
    const thread = probeThreadOf(conn);
    if (path === 'direct') return await (thread?.takes(req) ? thread.run(req) : probeDirect(req));
    if (path === 'helper') return await probeHelper(conn, req);
  } catch (err) {
    return emptyFacts(path, err instanceof Error ? err.message : String(err));
  }
  return emptyFacts('none');
}
