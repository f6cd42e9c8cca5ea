// A file with several Pods (multi-document YAML), as `kubectl apply -f` takes it: one manifest text per Pod, each with
// every other document of the file (its ConfigMaps and Secrets), so each launches through the one-Pod path unchanged.
import { isObj } from './fields';
import { readDocuments } from './parse';
import type { ParseResult } from './types';

export interface PodText {
  /** metadata.name (or generateName) of the Pod document, for messages; '?' when it has none. */
  name: string;
  /** Its place among the file's documents, 1-based ("document 3"), as the one-Pod parser's messages count them. */
  document: number;
  /** The Pod's own manifest: the file's non-Pod documents, then this Pod (JSON documents — JSON is YAML). */
  text: string;
}

const isPod = (d: unknown): boolean => isObj(d) && d.kind === 'Pod';

function nameOf(d: unknown): string {
  const meta = isObj(d) && isObj(d.metadata) ? d.metadata : {};
  return typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '?';
}

/**
 * The Pods of a text holding two or more, one manifest each; null when it holds one Pod, none, or cannot be read
 * (then the one-Pod parser says what is wrong). Values are re-written as read (0644 is already 420).
 */
export function splitPodTexts(text: string): PodText[] | null {
  // Most texts hold one Pod: a look for a second `kind: Pod` spares them a second full parse (front ends parse on a
  // worker thread; this runs where it is called).
  if (typeof text !== 'string' || (text.match(/\bkind["']?\s*:\s*["']?Pod\b/g)?.length ?? 0) < 2) return null;
  const read = readDocuments(text);
  if (!read.ok) return null;
  const docs = read.values.map((d, i) => ({ d, document: i + 1 })).filter(({ d }) => d !== null && d !== undefined);
  const pods = docs.filter(({ d }) => isPod(d));
  if (pods.length < 2) return null;
  const others = docs.filter(({ d }) => !isPod(d)).map(({ d }) => JSON.stringify(d, null, 2));
  return pods.map(({ d, document }) => ({ name: nameOf(d), document, text: [...others, JSON.stringify(d, null, 2)].join('\n---\n') }));
}

/** An issue of one Pod of a several-Pod file, placed in the file: "document 3: spec.containers[0].image". */
export function inDocument(p: Pick<PodText, 'document'>, path: string): string {
  return path ? `document ${p.document}: ${path}` : `document ${p.document}`;
}

export interface SeveralChecked {
  ok: boolean;
  errors: { path: string; message: string }[];
  /** Each Pod's warnings, prefixed with its name. */
  warnings: string[];
}

/** Validates each Pod of a several-Pod file (all must pass: `podlab launch` then creates them all, else none). */
export async function checkSeveral(pods: PodText[], parse: (text: string) => ParseResult | Promise<ParseResult>): Promise<SeveralChecked & { results: ParseResult[] }> {
  const results = await Promise.all(pods.map((p) => parse(p.text)));
  const errors = results.flatMap((r, i) => (r.ok ? [] : r.errors.map((e) => ({ path: inDocument(pods[i]!, e.path), message: `pod ${pods[i]!.name}: ${e.message}` }))));
  const warnings = results.flatMap((r, i) => r.warnings.map((w) => `pod ${pods[i]!.name}: ${w}`));
  return { ok: errors.length === 0, errors, warnings, results };
}
