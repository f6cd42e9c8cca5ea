// A file with several Pods (multi-document YAML), as `kubectl apply -f` takes it: one manifest text per Pod, each with
// every other document of the file (its ConfigMaps and Secrets), so each launches through the one-Pod path unchanged.
import { isObj } from './fields';
import { readDocuments } from './parse';

export interface PodText {
  /** metadata.name (or generateName) of the Pod document, for messages; '?' when it has none. */
  name: string;
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
  const read = readDocuments(text);
  if (!read.ok) return null;
  const docs = read.values.filter((d) => d !== null && d !== undefined);
  const pods = docs.filter(isPod);
  if (pods.length < 2) return null;
  const others = docs.filter((d) => !isPod(d)).map((d) => JSON.stringify(d, null, 2));
  return pods.map((p) => ({ name: nameOf(p), text: [...others, JSON.stringify(p, null, 2)].join('\n---\n') }));
}
