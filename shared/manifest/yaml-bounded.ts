// YAML parsing with bounded work, for manifests up to 256 KiB from anyone (a `serve` client, a pasted text): stops at
// the first error (the yaml library's pretty errors and unique-key check are quadratic on hostile input, and 80k
// errors cost seconds just to construct), checks unique keys with one Set per map, and refuses deep nesting before
// the recursive composer overflows the stack. Pure; used by parse.ts.
import { Composer, isMap, isScalar, Parser, visit, type CST, type Document } from 'yaml';

type Token = CST.Token;

/** Deeper than any Pod manifest needs (a Pod's deepest fields are ~8 levels); well within the composer's stack. */
export const MAX_NESTING = 64;

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
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

class FirstError extends Error {
  constructor(readonly offset: number, readonly reason: string) {
    super(reason);
  }
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
export function parseYamlBounded(text: string): { ok: true; docs: Document[] } | { ok: false; problem: YamlProblem } {
  const deep = nestingProblem(text);
  if (deep) return { ok: false, problem: deep };
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false });
  const inner = composer as unknown as { onError: OnError };
  const report = inner.onError;
  inner.onError = (source, code, message, warning) => {
    if (!warning) throw new FirstError(offsetOf(source), message);
    report(source, code, message, warning);
  };
  const at = (offset: number, message: string): { ok: false; problem: YamlProblem } => ({ ok: false, problem: { message, ...lineCol(text, offset) } });
  // Stray tokens between documents ("}" 100k times) reach the composer as error tokens that it records without
  // onError: stop at the first one here.
  function* tokens(): Generator<Token> {
    for (const token of new Parser().parse(text)) {
      if (token.type === 'error') throw new FirstError(token.offset, token.message);
      yield token;
    }
  }
  let docs: Document[];
  try {
    docs = [...composer.compose(tokens())] as Document[];
  } catch (err) {
    if (err instanceof FirstError) return at(err.offset, /call stack/i.test(err.reason) ? `nested too deeply` : err.reason);
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
