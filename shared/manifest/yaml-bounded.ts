// YAML parsing with bounded work, for manifests up to 256 KiB from anyone (a `serve` client, a pasted text): stops at
// the first error (the yaml library's pretty errors and unique-key check are quadratic on hostile input, and 80k
// errors cost seconds just to construct), bounds the tokens read (yaml-tokens.ts), checks unique keys with one Set
// per map, and refuses deep nesting before the recursive composer overflows the stack. Pure; used by parse.ts.
import { Composer, isMap, isScalar, visit, type Document, type SchemaOptions } from 'yaml';
import { boundedTokens, MAX_NESTING, StopAt, type ProblemKind } from './yaml-tokens';

export { MAX_NESTING };

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
  /** 'syntax' (default): invalid YAML; 'alias': valid YAML podlab does not run; 'limit': past a work bound. */
  kind?: ProblemKind;
}

/** A 1-based line and column of `offset` in `text`: one linear scan, done once per reported problem. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

/**
 * The deepest nesting of flow collections ([ { ) and block indentation, read lexically in one pass; quoted strings
 * and comments do not count. Cheap and conservative: a real manifest is far below MAX_NESTING either way.
 */
export function nestingProblem(text: string): YamlProblem | null {
  let depth = 0;
  let indentDepth = 0;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (atLineStart) {
      // Leading spaces and block sequence/mapping indicators ("- - - x") each open a level.
      if (ch === ' ') {
        indent += 1;
        continue;
      }
      if ((ch === '-' || ch === '?' || ch === ':') && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
        indent += 2;
        i += 1;
        // A line of indicators only ("- - - - …" or ": : : …") never reaches a value: count its depth here.
        if (Math.floor(indent / 2) > MAX_NESTING) return { message: `nested too deeply (more than ${MAX_NESTING} levels of indentation)`, ...lineCol(text, i) };
        continue;
      }
      atLineStart = false;
      indentDepth = Math.floor(indent / 2);
      if (indentDepth > MAX_NESTING) return { message: `nested too deeply (more than ${MAX_NESTING} levels of indentation)`, ...lineCol(text, i) };
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl - 1;
    } else if (ch === '"' || (ch === "'" && (i === 0 || /[\s[{,:]/.test(text[i - 1])))) {
      i = closingQuote(text, i);
    } else if (ch === '[' || ch === '{') {
      depth += 1;
      if (depth + indentDepth > MAX_NESTING) return { message: `nested too deeply (more than ${MAX_NESTING} levels of [ and {)`, ...lineCol(text, i) };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth -= 1;
  }
  return null;
}

/** Index of the quote closing the one at `open` (or the end): "…\"…" escapes with a backslash, '…''…' by doubling. */
function closingQuote(text: string, open: number): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i += 1;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i += 1;
      else return i;
    }
  }
  return text.length;
}

type OnError = (source: unknown, code: string, message: string, warning?: boolean) => void;

/** The source offset of a yaml error's source (a number, a [start, end] range or a token with an offset). */
function offsetOf(source: unknown): number {
  if (typeof source === 'number') return source;
  if (Array.isArray(source) && typeof source[0] === 'number') return source[0];
  if (source && typeof source === 'object') {
    const o = source as { offset?: unknown; range?: unknown };
    if (typeof o.offset === 'number') return o.offset;
    if (Array.isArray(o.range) && typeof o.range[0] === 'number') return o.range[0];
  }
  return 0;
}

/** The first repeated key of any map in `doc`, checked with one Set per map (linear in the number of keys). */
function duplicateKey(doc: Document): { key: string; offset: number } | null {
  let found: { key: string; offset: number } | null = null;
  visit(doc, {
    Map(_k, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          found = { key, offset: pair.key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** Parses every document of `text`; the first problem found ends the work. */
export function parseYamlBounded(text: string, schema: SchemaOptions = {}): { ok: true; docs: Document[] } | { ok: false; problem: YamlProblem } {
  const deep = nestingProblem(text);
  if (deep) return { ok: false, problem: deep };
  // `schema`: custom scalar tags (yaml.ts: go-yaml's octal integers).
  const composer = new Composer({ ...schema, uniqueKeys: false, prettyErrors: false });
  const inner = composer as unknown as { onError: OnError };
  // Warnings (an unresolved tag on each of 50k nodes) are never shown, and each costs a YAMLWarning: drop them.
  inner.onError = (source, _code, message, warning) => {
    if (!warning) throw new StopAt(offsetOf(source), message);
  };
  const at = (offset: number, message: string, kind?: ProblemKind): { ok: false; problem: YamlProblem } => ({ ok: false, problem: { message, ...lineCol(text, offset), ...(kind ? { kind } : {}) } });
  let docs: Document[];
  try {
    // Stray tokens between documents ("}" 100k times) reach the composer as error tokens that it records without
    // onError: boundedTokens stops at the first one, and at the other bounds.
    docs = [...composer.compose(boundedTokens(text))] as Document[];
  } catch (err) {
    if (err instanceof StopAt) return at(err.offset, /call stack/i.test(err.reason) ? `nested too deeply` : err.reason, err.kind === 'syntax' ? undefined : err.kind);
    if (err instanceof RangeError) return at(0, 'nested too deeply');
    throw err;
  }
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) return at(first.pos[0], first.message);
    const dup = duplicateKey(doc);
    if (dup) return at(dup.offset, `Map keys must be unique ("${dup.key.slice(0, 60)}" appears twice)`);
  }
  return { ok: true, docs };
}
