// The YAML lexer → parser loop of yaml-bounded.ts, with the checks that must stop the work as it goes rather than
// after a whole 256 KiB document is composed: a token budget (the library's cost grows with tokens, not bytes: `a: 1`
// lines are 7 tokens in 5 bytes), a cap on documents, the first alias, and a repeated key of a block map. Pure.
import { CST, Lexer, Parser } from 'yaml';

/**
 * At most this many lexical tokens (keys, values, indicators, spaces, newlines): half a token per byte of the 256 KiB
 * limit. The 139 kubernetes.io Pod examples measure 0.31 tokens per byte, 0.46 at the densest, so any of them grown
 * to the limit is read whole; `a: 1` repeated (1.4 per byte) stops at about a third of it.
 */
export const MAX_YAML_TOKENS = 131_072;

/** Deeper than any Pod manifest needs (a Pod's deepest fields are ~8 levels); well within the composer's stack. */
export const MAX_NESTING = 64;

/** The parser's stack holds a few tokens per level of nesting; past this, some of its steps walk a long stack. */
const MAX_STACK = 3 * MAX_NESTING;

/** At most this many documents: one Pod and the ConfigMaps and Secrets it reads. */
export const MAX_DOCUMENTS = 100;

export type ProblemKind = 'syntax' | 'alias' | 'limit';

/** Thrown out of the token generator (and so out of the composer) by the first problem; carries the source offset. */
export class StopAt extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly kind: ProblemKind = 'syntax',
  ) {
    super(reason);
  }
}

type BlockMap = CST.BlockMap;

/** The plain keys already seen in each open block map, and how many of its items were read. */
interface MapSeen {
  keys: Set<string>;
  read: number;
}

/**
 * Reads the block map's items whose key is complete (its ":" seen) and not yet read; throws on a plain key seen
 * before. Only plain keys with the same source are compared (always the same value); quoted or tagged twins are
 * left to the full check after composing, so this can stop early but never refuses what that check accepts.
 */
function checkNewKeys(map: BlockMap, seen: WeakMap<BlockMap, MapSeen>): void {
  let s = seen.get(map);
  if (!s) seen.set(map, (s = { keys: new Set(), read: 0 }));
  for (; s.read < map.items.length; s.read++) {
    const item = map.items[s.read];
    if (!item.sep) return; // its key is still being read
    const key = item.key;
    if (key?.type !== 'scalar') continue;
    if (s.keys.has(key.source)) throw new StopAt(key.offset, `Map keys must be unique ("${key.source.slice(0, 60)}" appears twice)`);
    s.keys.add(key.source);
  }
}

/** The innermost open block map on the parser's stack (where a new line's key lands), if any. */
function innermostBlockMap(stack: CST.Token[]): BlockMap | null {
  for (let i = stack.length - 1; i >= 0; i--) {
    const t = stack[i];
    if (t.type === 'block-map') return t;
  }
  return null;
}

/**
 * The CST tokens of `text`, as `new Parser().parse(text)` yields them, stopping (by throwing StopAt) at the first
 * error token, alias, repeated block-map key, or past MAX_YAML_TOKENS / MAX_DOCUMENTS / MAX_STACK.
 */
export function* boundedTokens(text: string): Generator<CST.Token> {
  const parser = new Parser();
  const seen = new WeakMap<BlockMap, MapSeen>();
  let count = 0;
  let documents = 0;
  let scalarNext = false; // the lexeme after a SCALAR mark is a scalar's source, whatever it starts with
  const emit = function* (tokens: Generator<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === 'error') throw new StopAt(token.offset, token.message);
      if (token.type === 'document' && ++documents > MAX_DOCUMENTS) {
        throw new StopAt(token.offset, `more than ${MAX_DOCUMENTS} documents in one manifest — keep the Pod and the ConfigMaps and Secrets it reads`, 'limit');
      }
      yield token;
    }
  };
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > MAX_YAML_TOKENS) {
      throw new StopAt(parser.offset, `the manifest has more than ${MAX_YAML_TOKENS} YAML tokens (keys, values, indicators) — a Pod manifest has a few thousand; remove the repetition`, 'limit');
    }
    if (parser.stack.length > MAX_STACK) throw new StopAt(parser.offset, `nested too deeply (more than ${MAX_NESTING} levels)`);
    const type = scalarNext ? 'scalar' : CST.tokenType(lexeme);
    if (type === 'alias') throw new StopAt(parser.offset, 'YAML aliases (*name) are not supported by podlab — write the values out in full', 'alias');
    scalarNext = lexeme === CST.SCALAR;
    yield* emit(parser.next(lexeme));
    if (type === 'newline') {
      const map = innermostBlockMap(parser.stack);
      if (map) checkNewKeys(map, seen);
    }
  }
  yield* emit(parser.end());
}
