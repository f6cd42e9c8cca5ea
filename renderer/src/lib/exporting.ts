// Exports and snapshot files, using the same pure functions as the CLI: the SVG is the drawing on screen.
import { readSnapshot, renderMarkdown, serializeSnapshot, snapshotModel } from '../../../shared/snapshot';
import { renderTopologySvg } from '../../../shared/render/topology';
import type { Snapshot } from '../../../shared/model';
import { client } from './api';
import { app, run } from './store.svelte';

function stamp(s: Snapshot): string {
  return s.takenAt.replace(/[:.]/g, '-').replace(/Z$/, '');
}

export type ExportFormat = 'json' | 'svg' | 'md' | 'png';

/** Rasterizes the topology SVG at 2x in the page (no server round trip): the PNG is the drawing on screen too. */
async function svgToPngBase64(svg: string): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Canvas is not available for the PNG export; export SVG instead.');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportSnapshot(format: ExportFormat): Promise<void> {
  const snap = app.snapshot?.snapshot ?? (await run(client().snapshot()));
  if (!snap) return;
  const base = `podlab-${stamp(snap)}`;
  if (format === 'json') await run(client().saveFile(`${base}.json`, serializeSnapshot(snap), 'application/json'));
  else if (format === 'md') await run(client().saveFile(`${base}.md`, renderMarkdown(snap), 'text/markdown'));
  else if (format === 'png') {
    const png = await run(svgToPngBase64(renderTopologySvg(snapshotModel(snap), { theme: 'light' })));
    if (png) await run(client().saveFile(`${base}.png`, png, 'image/png', 'base64'));
  } else await run(client().saveFile(`${base}.svg`, renderTopologySvg(snapshotModel(snap), { theme: 'light' }), 'image/svg+xml'));
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
