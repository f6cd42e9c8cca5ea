// Decides whether containers missing from a fresh listing are really gone. While a daemon shuts down or starts,
// it may list containers it cannot inspect: a watcher must never see those reported as removed.
import type { PodModel } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { listPodlabContainers } from '../pods/guard';
import type { RawPod } from '../pods/discover';
import { LABEL_CONTAINER } from '../runtime/vocabulary';

/** Resolves when every container of `cur` missing from `raw` is gone (404) or replaced by a newer attempt; else throws. */
export async function confirmGone(conn: EngineConnection, cur: PodModel | undefined, name: string, raw: RawPod | undefined): Promise<void> {
  if (!cur) return;
  const now = new Set([raw?.sandbox?.id, ...(raw?.apps ?? []).map((a) => a.id)]);
  const names = new Set((raw?.apps ?? []).map((a) => a.labels[LABEL_CONTAINER]));
  const had = [
    ...(cur.sandbox ? [{ id: cur.sandbox.id, covered: !!raw?.sandbox }] : []),
    ...cur.containers.map((c) => ({ id: c.id, covered: names.has(c.name) })),
  ].filter((x) => !now.has(x.id));
  if (had.length === 0) return;
  // Listed but not inspectable means the daemon is busy, not that the container is gone.
  const listed = new Set((await listPodlabContainers(conn.runtime, name)).map((c) => c.id));
  await Promise.all(
    had.map(async ({ id, covered }) => {
      if (listed.has(id) && !covered) throw new Error(`incomplete listing of pod ${name}: container ${id} is still listed`);
      if (listed.has(id)) return;
      // null: gone (404); an unreachable runtime throws, which keeps the pod as it was.
      if ((await conn.runtime.containers.status(id)) === null) return;
      // Still there: fine when a newer attempt of the same container replaced it, else the listing was incomplete.
      if (!covered) throw new Error(`incomplete listing of pod ${name}: container ${id} still exists`);
    }),
  );
}
