// Checks a document against the podlab.snapshot/v1 JSON Schema without code generation (the renderer's CSP
// forbids eval, so ajv cannot run there); tests cross-check this against ajv. Pure: no Node, no DOM.
import schemaJson from './podlab.snapshot.v1.schema.json';

/** A JSON Schema node, limited to the keywords podlab's schema uses (see SUPPORTED_KEYWORDS). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  anyOf?: SchemaNode[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  definitions?: Record<string, SchemaNode>;
}

/** Keywords the interpreter understands; annotations (title, description, $id, $schema) are ignored. */
export const SUPPORTED_KEYWORDS = [
  '$ref', 'type', 'const', 'enum', 'properties', 'required', 'items', 'additionalProperties', 'anyOf',
  'pattern', 'minimum', 'maximum', 'minLength', 'definitions', '$schema', '$id', 'title', 'description',
] as const;

/** The snapshot JSON Schema document itself (shared/snapshot/podlab.snapshot.v1.schema.json). */
export const snapshotSchema: SchemaNode = schemaJson as SchemaNode;

export interface SchemaError {
  /** JSON Pointer-ish path of the offending value, e.g. /pods/0/ip */
  path: string;
  message: string;
}

/** Validates `value` against `schema` (default: the snapshot schema); returns every error found, [] when valid. */
export function validateAgainst(value: unknown, schema: SchemaNode = snapshotSchema, root: SchemaNode = schema): SchemaError[] {
  const errors: SchemaError[] = [];
  check(value, schema, root, [], errors, false);
  return errors;
}

/** The JSON Pointer-ish text of a path kept as a stack of keys (made only for an error: most values have none). */
const pathText = (path: readonly (string | number)[]): string => (path.length ? `/${path.join('/')}` : '/');

/** Each schema's resolved $refs: a snapshot of 100 pods resolves the same dozen refs thousands of times. */
const resolved = new WeakMap<SchemaNode, Map<string, SchemaNode>>();

function resolve(ref: string, root: SchemaNode): SchemaNode {
  let refs = resolved.get(root);
  if (!refs) resolved.set(root, (refs = new Map()));
  const known = refs.get(ref);
  if (known) return known;
  const m = /^#\/definitions\/(.+)$/.exec(ref);
  const node = m ? root.definitions?.[m[1]] : undefined;
  if (!node) throw new Error(`snapshot schema: unresolvable $ref ${ref}`);
  refs.set(ref, node);
  return node;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(actual: string, wanted: string): boolean {
  return actual === wanted || (wanted === 'number' && actual === 'integer');
}

/** Whether `v` matches `s`, stopping at the first error (an anyOf alternative that fails is not reported as such). */
function matches(v: unknown, s: SchemaNode, root: SchemaNode): boolean {
  const out: SchemaError[] = [];
  check(v, s, root, [], out, true);
  return out.length === 0;
}

function typeAllowed(actual: string, type: string | string[]): boolean {
  if (typeof type === 'string') return typeMatches(actual, type);
  for (const w of type) if (typeMatches(actual, w)) return true;
  return false;
}

// The checks are split by kind of value into small functions on purpose: one-shot commands run with V8's optimizing
// compiler on the main thread (bin/podlab), and one big recursive function took it ~10 ms to compile, several times
// the whole check of a 30-pod snapshot. Small functions compile in a fraction of that.

/**
 * Pushes every error of `v` against `s` to `out`; with `first`, returns once there is one. `path` is a stack of keys,
 * pushed and popped around each child.
 */
function check(v: unknown, s: SchemaNode, root: SchemaNode, path: (string | number)[], out: SchemaError[], first: boolean): void {
  if (s.$ref !== undefined) return check(v, resolve(s.$ref, root), root, path, out, first);
  if (s.anyOf !== undefined) return checkAnyOf(v, s.anyOf, root, path, out);
  const actual = typeOf(v);
  if (s.type !== undefined && !typeAllowed(actual, s.type)) return typeError(s.type, actual, path, out);
  if ('const' in s || s.enum !== undefined || s.minLength !== undefined || s.pattern !== undefined || s.minimum !== undefined || s.maximum !== undefined) checkValue(v, s, path, out);
  if (first && out.length > 0) return;
  if (actual === 'array') {
    if (s.items !== undefined) checkItems(v as unknown[], s.items, root, path, out, first);
  } else if (actual === 'object') {
    checkObject(v as Record<string, unknown>, s, root, path, out, first);
  }
}

function checkAnyOf(v: unknown, anyOf: SchemaNode[], root: SchemaNode, path: (string | number)[], out: SchemaError[]): void {
  if (anyOf.some((alt) => matches(v, alt, root))) return;
  // Report the errors of the closest alternative, so the message names the real field.
  const tries = anyOf.map((alt) => {
    const e: SchemaError[] = [];
    check(v, alt, root, path, e, false);
    return e;
  });
  out.push(...tries.reduce((a, b) => (b.length < a.length ? b : a)));
}

function typeError(type: string | string[], actual: string, path: (string | number)[], out: SchemaError[]): void {
  const wanted = typeof type === 'string' ? [type] : type;
  out.push({ path: pathText(path), message: `must be ${wanted.join(' or ')}, got ${actual}` });
}

/** Patterns compiled once each (the schema has two, checked on thousands of values). */
const patterns = new Map<string, RegExp>();

function checkValue(v: unknown, s: SchemaNode, path: (string | number)[], out: SchemaError[]): void {
  if ('const' in s && v !== s.const) out.push({ path: pathText(path), message: `must be ${JSON.stringify(s.const)}, got ${JSON.stringify(v)}` });
  if (s.enum && !s.enum.includes(v)) out.push({ path: pathText(path), message: `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(v)}` });
  if (typeof v === 'string') {
    if (s.minLength !== undefined && v.length < s.minLength) out.push({ path: pathText(path), message: `must have at least ${s.minLength} character(s)` });
    if (s.pattern !== undefined) {
      let re = patterns.get(s.pattern);
      if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
      if (!re.test(v)) out.push({ path: pathText(path), message: `must match ${s.pattern}, got ${JSON.stringify(v)}` });
    }
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) out.push({ path: pathText(path), message: `must be >= ${s.minimum}` });
    if (s.maximum !== undefined && v > s.maximum) out.push({ path: pathText(path), message: `must be <= ${s.maximum}` });
  }
}

function checkItems(v: unknown[], items: SchemaNode, root: SchemaNode, path: (string | number)[], out: SchemaError[], first: boolean): void {
  for (let i = 0; i < v.length && !(first && out.length > 0); i++) {
    path.push(i);
    check(v[i], items, root, path, out, first);
    path.pop();
  }
}

function checkObject(obj: Record<string, unknown>, s: SchemaNode, root: SchemaNode, path: (string | number)[], out: SchemaError[], first: boolean): void {
  const required = s.required;
  if (required) for (let i = 0; i < required.length; i++) if (!(required[i]! in obj)) out.push({ path: pathText(path), message: `is missing required field "${required[i]}"` });
  const props = s.properties;
  const extra = s.additionalProperties;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    if (first && out.length > 0) return;
    const key = keys[i]!;
    // Own properties only: a key such as "constructor" names no schema of the object's prototype.
    const sub = props !== undefined && Object.hasOwn(props, key) ? props[key] : typeof extra === 'object' ? extra : null;
    path.push(key);
    if (sub) check(obj[key], sub, root, path, out, first);
    else if (extra === false) out.push({ path: pathText(path), message: 'is not allowed here' });
    path.pop();
  }
}
