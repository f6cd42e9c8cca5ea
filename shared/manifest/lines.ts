// Where in the manifest text a validation issue belongs: its field path (spec.containers[1].ports[0]) resolved to
// the character range of that node in the Pod's YAML/JSON document, or of its nearest existing parent — so an editor
// can mark the very line. Pure: the renderer's editor and the tests use it.
import { isMap, isNode, isSeq, parseAllDocuments, type Node } from 'yaml';

export interface IssueRange {
  from: number;
  to: number;
  /** 1-based line of `from`. */
  line: number;
}

/** "spec.containers[1].ports[0].hostPort" → ['spec', 'containers', 1, 'ports', 0, 'hostPort']. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return out;
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The field path a warning sentence starts with ("spec.containers[1].ports[0]: duplicate …"), or null. */
export function warningPath(warning: string): string | null {
  const m = /^((?:metadata|spec|apiVersion|kind)(?:[.[][\w\-\]./[]*)?): /.exec(warning);
  return m ? m[1]! : null;
}

function child(node: Node, seg: string | number): Node | null {
  if (typeof seg === 'number' && isSeq(node)) {
    const item = node.items[seg];
    return isNode(item) ? item : null;
  }
  if (typeof seg === 'string' && isMap(node)) {
    for (const pair of node.items) {
      const key = isNode(pair.key) ? (pair.key as { value?: unknown }).value : pair.key;
      if (key === seg) return isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : null;
    }
  }
  return null;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The range of `path` in the Pod document of `text` (the nearest existing parent when the field is missing), or null. */
export function rangeOfPath(text: string, path: string): IssueRange | null {
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return null;
  }
  if (!Array.isArray(docs)) return null;
  // "document 3: spec…" (a file's third document, counted as the parser counts them: empty ones skipped).
  const at = /^document (\d+)(?:: (.*))?$/.exec(path);
  const real = docs.filter((d) => d.contents !== null);
  const pod = at ? real[Number(at[1]) - 1] : (docs.find((d) => isMap(d.contents) && (d.contents.get('kind') as unknown) === 'Pod') ?? docs[0]);
  let node: Node | null = pod && isNode(pod.contents) ? pod.contents : null;
  if (!node) return null;
  for (const seg of pathSegments(at ? (at[2] ?? '') : path)) {
    const next = child(node, seg);
    if (!next) break;
    node = next;
  }
  const [from, end] = node.range ?? [0, 0];
  // Mark one line: a block map/sequence would otherwise cover everything below its key.
  const eol = text.indexOf('\n', from);
  const to = Math.max(from + 1, Math.min(end, eol < 0 ? text.length : eol));
  return { from, to: Math.min(to, text.length), line: lineOf(text, from) };
}
