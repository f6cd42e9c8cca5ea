// Parses and validates a Pod manifest (YAML or JSON) like the API server would, for podlab's subset
// (docs/pods.md, "Manifests"): the text is read here, the object validated by ./pod-object.ts. Pure: used by the CLI,
// the launch dialog and the engine alike.
import type { ParseResult } from './types';
import { severalPodsError, splitDocuments } from './documents';
import { goYamlEscapes, YAML_OPTIONS } from './yaml';
import { parseYamlBounded } from './yaml-bounded';
import { validatePodObject } from './pod-object';

export { MAX_ISSUES, validatePodObject } from './pod-object';

/** Manifests larger than this are refused before parsing. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/** The text's size in UTF-8 bytes (as TextEncoder counts, lone surrogates as U+FFFD), without a platform API. */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The last text parsed and its result: a CLI launch validates the manifest, then the engine launches the same text. */
let last: { text: string; result: ParseResult } | null = null;

/**
 * Parses YAML or JSON text (JSON is YAML) into a validated PodSpec; refuses oversize input and YAML aliases. The
 * result is shared with the next caller of the same text: never change it.
 */
export function parseManifest(text: string): ParseResult {
  if (last?.text === text) return last.result;
  const result = parseManifestText(text);
  last = { text, result };
  return result;
}

function parseManifestText(text: string): ParseResult {
  const read = readDocuments(text);
  if (!read.ok) return read.result;
  const split = splitDocuments(read.values);
  const errors = split.pods.length > 1 ? [...split.errors, severalPodsError(split.pods)] : split.errors;
  if (errors.length) return { ok: false, errors, warnings: split.warnings };
  const r = validatePodObject(split.pods[0], split.objects);
  return split.warnings.length ? { ...r, warnings: [...r.warnings, ...split.warnings] } : r;
}

/** The text's documents as plain values (bounded, no aliases, go-yaml's readings), or why they cannot be read. */
export function readDocuments(text: string): { ok: true; values: unknown[] } | { ok: false; result: ParseResult } {
  const fail = (message: string, path = ''): { ok: false; result: ParseResult } => ({ ok: false, result: { ok: false, errors: [{ path, message }], warnings: [] } });
  if (typeof text !== 'string') return fail('the manifest must be text (YAML or JSON)');
  const bytes = utf8Length(text);
  if (bytes > MAX_MANIFEST_BYTES) return fail(`the manifest is ${bytes} bytes; podlab accepts at most ${MAX_MANIFEST_BYTES} bytes (256 KiB) — a Pod manifest is much smaller`);
  // UTF-16 read as UTF-8 leaves a NUL between ASCII letters: say the encoding, not "not a Pod object".
  if (text.includes('\u0000')) return fail('the manifest is not UTF-8 text (it contains NUL characters — UTF-16?); save it as UTF-8 and try again');
  if (text.trim() === '') return fail('the manifest is empty — paste a Pod manifest (apiVersion: v1, kind: Pod)');
  const parsed = parseYamlBounded(goYamlEscapes(text), YAML_OPTIONS);
  if (!parsed.ok) {
    const { message, line, column, kind } = parsed.problem;
    // An alias or a work bound is valid YAML that podlab will not run: the message says what to do, not "syntax".
    if (kind === 'alias' || kind === 'limit') return fail(`${message} (line ${line}, column ${column})`);
    return fail(`not valid YAML or JSON: ${message} at line ${line}, column ${column} — fix the syntax`);
  }
  const real = parsed.docs.filter((d) => d.contents !== null);
  if (real.length === 0) return fail('the manifest holds no document — paste a Pod manifest (apiVersion: v1, kind: Pod)');
  const values: unknown[] = [];
  for (const doc of real) {
    // Aliases were refused while reading (yaml-tokens.ts); maxAliasCount 0 makes toJS refuse any that got through.
    try {
      values.push(doc.toJS({ maxAliasCount: 0 }));
    } catch (err) {
      return fail(`not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { ok: true, values };
}
