// Exports and snapshot files, using the same pure functions as the CLI: the SVG is the drawing on screen.
import { readSnapshot, renderMarkdown, serializeSnapshot, snapshotModel } from '../../../shared/snapshot';
import { renderTopologySvg } from '../../../shared/render/topology';
import type { Snapshot } from '../../../shared/model';
import { client } from './api';
import { app, run } from './store.svelte';

function stamp(s: Snapshot): string {
  return s.takenAt.replace(/[:.]/g, '-').replace(/Z$/, '');
}

export type ExportFormat = 'json' | 'svg' | 'md';

export async function exportSnapshot(format: ExportFormat): Promise<void> {
  const snap = app.snapshot?.snapshot ?? (await run(client().snapshot()));
  if (!snap) return;
  const base = `podlab-${stamp(snap)}`;
  if (format === 'json') await run(client().saveFile(`${base}.json`, serializeSnapshot(snap), 'application/json'));
  else if (format === 'md') await run(client().saveFile(`${base}.md`, renderMarkdown(snap), 'text/markdown'));
  else await run(client().saveFile(`${base}.svg`, renderTopologySvg(snapshotModel(snap), { theme: 'light' }), 'image/svg+xml'));
}

/** Opens a snapshot file to view it (works with no engine); with `compare`, diffs it against the one on screen. */
export async function openSnapshotFile(file: File, compare: boolean): Promise<void> {
  const r = readSnapshot(await file.text(), file.name);
  if (!r.ok) {
    app.error = `${file.name}: ${r.error}`;
    return;
  }
  if (compare && app.snapshot) app.snapshot = { ...app.snapshot, compareWith: { file: file.name, snapshot: r.snapshot } };
  else app.snapshot = { file: file.name, snapshot: r.snapshot };
  app.selection = null;
}
