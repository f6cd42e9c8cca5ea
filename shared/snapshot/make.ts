// Freezes a live model into a podlab.snapshot/v1 document (the UI's "save snapshot" and the engine's snapshot()).
import type { Model, Snapshot } from '../model';
import { SNAPSHOT_SCHEMA } from '../model';

/** A snapshot of `model` taken at `takenAt`, optionally limited to the pods named in `only`. */
export function makeSnapshot(model: Model, takenAt: Date = new Date(), only?: string[]): Snapshot {
  const s: Snapshot = { schema: SNAPSHOT_SCHEMA, takenAt: takenAt.toISOString(), engine: model.engine, host: model.host, pods: model.pods };
  if (model.plainContainers) s.plainContainers = model.plainContainers;
  return only && only.length > 0 ? focusSnapshot(s, only) : s;
}

/**
 * The snapshot limited to the named pods: their pod objects and their host veths (other containers' veths are
 * left out, so comparing two `--pod` snapshots shows only those pods). Bridges stay: they are the pods' context.
 */
export function focusSnapshot(s: Snapshot, only: string[]): Snapshot {
  const pods = s.pods.filter((p) => only.includes(p.name));
  const veths = s.host.veths.filter((v) => v.pod !== null && only.includes(v.pod));
  const out: Snapshot = { ...s, host: { ...s.host, veths }, pods };
  // Containers outside any pod are not among the named pods.
  delete out.plainContainers;
  if (s.manifests) out.manifests = Object.fromEntries(Object.entries(s.manifests).filter(([name]) => only.includes(name)));
  return out;
}

/** The model a snapshot froze, so every view that draws a model can draw a snapshot file. */
export function snapshotModel(s: Snapshot): Model {
  return { engine: s.engine, host: s.host, pods: s.pods, ...(s.plainContainers ? { plainContainers: s.plainContainers } : {}) };
}
