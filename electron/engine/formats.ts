// Turns a snapshot into each export format. JSON is checked against the schema before it leaves podlab; SVG is
// exactly renderTopologySvg of the snapshot's model (the drawing on screen); PNG is that SVG through resvg.
import type { PodSpec } from '../../shared/manifest/types';
import type { Snapshot } from '../../shared/model';
import { renderMarkdown } from '../../shared/render/markdown';
import { renderTopologySvg } from '../../shared/render/topology';
import { snapshotModel } from '../../shared/snapshot/make';
import { serializeSnapshot } from '../../shared/snapshot/serialize';
import { svgToPng } from './export/png';

export const SNAPSHOT_FORMATS = ['json', 'md', 'svg', 'png'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

export function isSnapshotFormat(v: string): v is SnapshotFormat {
  return (SNAPSHOT_FORMATS as readonly string[]).includes(v);
}

export interface FormatOptions {
  /** Launch manifests by pod name, for the Markdown report's docker run lines. */
  specs?: Record<string, PodSpec | null | undefined>;
}

/** The snapshot as pretty JSON, checked against podlab.snapshot/v1 (throws on a podlab bug). */
export const snapshotJson = serializeSnapshot;

export function snapshotSvg(s: Snapshot): string {
  return renderTopologySvg(snapshotModel(s));
}

/** Renders one format: text for json/md/svg, bytes for png. */
export function renderSnapshot(s: Snapshot, format: SnapshotFormat, opts: FormatOptions = {}): string | Buffer {
  switch (format) {
    case 'json':
      return snapshotJson(s);
    case 'md':
      return renderMarkdown(s, { specs: opts.specs });
    case 'svg':
      return snapshotSvg(s);
    case 'png':
      return svgToPng(snapshotSvg(s)).png;
  }
}
