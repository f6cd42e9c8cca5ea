// Freezes a live model into a podlab.snapshot/v1 document (the UI's "save snapshot" and the engine's snapshot()).
import type { Model, Snapshot } from '../model';
import { SNAPSHOT_SCHEMA } from '../model';

/** A snapshot of `model` taken at `takenAt`, optionally limited to the pods named in `only`. */
export function makeSnapshot(model: Model, takenAt: Date = new Date(), only?: string[]): Snapshot {
  const pods = only && only.length > 0 ? model.pods.filter((p) => only.includes(p.name)) : model.pods;
  return { schema: SNAPSHOT_SCHEMA, takenAt: takenAt.toISOString(), engine: model.engine, host: model.host, pods };
}

/** The model a snapshot froze, so every view that draws a model can draw a snapshot file. */
export function snapshotModel(s: Snapshot): Model {
  return { engine: s.engine, host: s.host, pods: s.pods };
}
