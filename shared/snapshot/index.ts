// Everything a view needs for snapshot files, pure (no Node, no DOM), for the UI's export menu and compare view:
//   makeSnapshot(model)            → Snapshot; serializeSnapshot(s) → the checked JSON text to save
//   readSnapshot(text, fileName)   → { ok, snapshot } | { ok: false, error } for an opened file (checks podlab.snapshot/v1)
//   snapshotModel(snapshot)        → Model, to draw an opened file with renderTopologySvg
//   diffSnapshots(a, b)            → SnapshotDiff (older a, newer b); renderDiffText(d) for a plain-text view
//   renderMarkdown(snapshot)       → the Markdown report; emitManifest(spec) → Pod manifest YAML
export { focusSnapshot, makeSnapshot, snapshotModel } from './make';
export { serializeSnapshot } from './serialize';
export { checkSnapshot, readSnapshot, type ReadResult } from './read';
export { snapshotSchema, validateAgainst, type SchemaError } from './validate';
export { diffSnapshots, renderDiffText, type PodDiff, type SnapshotDiff } from '../render/diff';
export { renderMarkdown, type MarkdownOptions } from '../render/markdown';
export { emitManifest, specFromModel } from '../manifest/emit';
