// Reads a snapshot file's text: checks it is JSON, a podlab snapshot, version v1, and valid against the schema,
// and says in one sentence what is wrong when it is not. Used by `podlab diff` and the UI's "open snapshot".
import type { Snapshot } from '../model';
import { SNAPSHOT_SCHEMA } from '../model';
import { validateAgainst, type SchemaError } from './validate';

export type ReadResult = { ok: true; snapshot: Snapshot } | { ok: false; error: string; details: SchemaError[] };

const MAX_DETAILS = 8;

/** Parses and checks a snapshot; `source` (a file name) only appears in error messages. */
export function readSnapshot(text: string, source = 'input'): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return fail(`${source} is not a podlab snapshot: it is not JSON (${why}). Create one with: podlab snapshot -o file.json`);
  }
  return checkSnapshot(doc, source);
}

/** Like readSnapshot, for a value that is already parsed. */
export function checkSnapshot(doc: unknown, source = 'input'): ReadResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail(`${source} is not a podlab snapshot: expected a JSON object with "schema": "${SNAPSHOT_SCHEMA}".`);
  }
  const schema = (doc as Record<string, unknown>).schema;
  if (schema === undefined) {
    return fail(`${source} is not a podlab snapshot: it has no "schema" field (expected "${SNAPSHOT_SCHEMA}").`);
  }
  if (typeof schema !== 'string' || !schema.startsWith('podlab.snapshot/')) {
    return fail(`${source} is not a podlab snapshot: its "schema" is ${JSON.stringify(schema)}, expected "${SNAPSHOT_SCHEMA}".`);
  }
  if (schema !== SNAPSHOT_SCHEMA) {
    return fail(`${source} is a ${schema} snapshot; this podlab reads only ${SNAPSHOT_SCHEMA}. Use the podlab version that wrote it, or take a new snapshot.`);
  }
  const errors = validateAgainst(doc);
  if (errors.length > 0) {
    const list = errors.slice(0, MAX_DETAILS).map((e) => `  ${e.path} ${e.message}`).join('\n');
    const more = errors.length > MAX_DETAILS ? `\n  … and ${errors.length - MAX_DETAILS} more` : '';
    return { ok: false, error: `${source} says it is a ${SNAPSHOT_SCHEMA} snapshot but does not match its schema:\n${list}${more}`, details: errors };
  }
  return { ok: true, snapshot: doc as Snapshot };
}

function fail(error: string): ReadResult {
  return { ok: false, error, details: [] };
}
