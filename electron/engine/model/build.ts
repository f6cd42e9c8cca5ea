// Builds the one network model from inspect, /proc and /sys probes (owner: live model, issue 3).
import type { Model } from '../../../shared/model';
import type { EngineConnection } from '../docker';

export interface BuildOptions {
  /** Only these pods (by name). */
  pods?: string[];
}

export async function buildModel(_conn: EngineConnection, _opts: BuildOptions = {}): Promise<Model> {
  throw new Error('buildModel: not implemented yet');
}
