// The containers outside any pod, read whole (listing + status + their own probe): for the live model, which re-reads
// them on the runtime's network events (a container joining or leaving a bridge: start, stop, crash) and with the
// periodic socket refresh, and for a one-shot model. Never touches them.
import type { HostVeth, Model, PlainContainer } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { probePods } from '../facts/probe';
import type { BridgeNetwork } from '../runtime/runtime';
import { assemblePlain, plainProbeTargets } from './assemble';
import { discoverPlain } from './discover';

/** Reads the containers outside any pod (or of one plain group), each with its own netns facts; `rt`: a runtime view (pods/listing.ts). */
export async function readPlainContainers(conn: EngineConnection, networks: BridgeNetwork[], group?: string, rt = conn.runtime): Promise<PlainContainer[]> {
  const raws = await discoverPlain(rt, group);
  if (raws.length === 0) return [];
  const facts = await probePods(conn, [], {}, plainProbeTargets(raws));
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

/** The model with its plain containers set and the veths that serve them named. */
export function withPlainContainers(model: Model, plain: PlainContainer[]): Model {
  markPlainVeths(model.host.veths, plain);
  model.plainContainers = plain;
  return model;
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
      // Runtime gone: the live model's reconnect and resync cover it.
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
