// Turns a snapshot into the file text podlab writes, checked against podlab.snapshot/v1 first: every snapshot
// the product writes (CLI, desktop export, browser download) goes through here, so every one validates.
import type { Snapshot } from '../model';
import { validateAgainst } from './validate';

/** Pretty JSON of `s`; throws when it does not match the schema (a podlab bug, never the user's). */
export function serializeSnapshot(s: Snapshot): string {
  // Written once: the pretty text is what leaves podlab, and what is validated is that text read back.
  const text = JSON.stringify(s, null, 2);
  const doc: unknown = JSON.parse(text);
  const errors = validateAgainst(doc);
  if (errors.length > 0) {
    const list = errors.slice(0, 5).map((e) => `${e.path} ${e.message}`).join('; ');
    throw new Error(`podlab built a snapshot that does not match its own schema (${list}). Please report this bug.`);
  }
  return text + '\n';
}
