// The live model's view of the containers outside any pod: re-read on the engine's network events (a container
// joining or leaving a bridge: start, stop, crash) and with the periodic socket refresh; never touched.
import type { NetworkInspectInfo } from 'dockerode';
import type { HostVeth, PlainContainer } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { probePods } from '../model/build';
import { assemblePlain, plainProbeTargets } from './assemble';
import { discoverPlain } from './discover';

/** Reads every container outside a pod, with its own netns facts. */
export async function readPlainContainers(conn: EngineConnection, networks: NetworkInspectInfo[]): Promise<PlainContainer[]> {
  const raws = await discoverPlain(conn.docker);
  const facts = await probePods(conn, [], undefined, plainProbeTargets(raws));
  return raws.map((r) => assemblePlain(r, facts, networks));
}

/** Names on each host veth the plain container it serves (a veth list rebuilt from a pod-only probe lacks them). */
export function markPlainVeths(veths: HostVeth[], plain: PlainContainer[] | undefined): void {
  for (const v of veths) {
    const c = plain?.find((p) => p.hostVeth === v.name);
    if (c) v.container = c.name;
    else delete v.container;
  }
}

/** One re-read at a time; calls during one make exactly one more after it. */
export class PlainRefresher {
  private busy = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly read: () => Promise<PlainContainer[]>,
    private readonly apply: (plain: PlainContainer[]) => void,
  ) {}

  /** Re-reads shortly (a start's create → connect → start burst costs one read). */
  schedule(delayMs = 50): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
    this.timer.unref();
  }

  async run(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      this.apply(await this.read());
    } catch {
      // Engine gone: the live model's reconnect and resync cover it.
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
