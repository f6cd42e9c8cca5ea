// Finds and explains port conflicts in a freshly built model, from exits, logs and socket tables
// (owner: conflicts, issue 4). Called by buildModel at the end; fills pod.conflicts and container reasons.
import type { Model } from '../../../shared/model';
import type { EngineConnection } from '../docker';

export async function detectConflicts(_conn: EngineConnection, _model: Model): Promise<void> {
  // Not implemented yet: no conflicts are reported.
}
