// "Address already in use" with no port in the log and none declared: guess the port the way a person would — the
// numbers in the container's command line and environment, against the ports the pod's socket table shows held —
// and say how sure the guess is. Pure.
import type { Protocol } from '../model';

export type GuessSource = 'command' | 'env';

export interface PortGuess {
  port: number;
  protocol: Protocol;
  /** Where the number was found, and the word that holds it (e.g. "PORT=6000"). */
  source: GuessSource;
  word: string;
  /** 'likely': its command line names exactly one held port on one protocol; 'possible': anything weaker. */
  confidence: 'likely' | 'possible';
}

/** Numbers a word could name as a port: 1..65535, standalone ("6000", ":6000", "PORT=6000"), not parts of "1.2.3". */
export function portNumbersIn(word: string): number[] {
  return word
    .split(/[^0-9.]+/)
    .filter((t) => /^\d{1,5}$/.test(t))
    .map(Number)
    .filter((n) => n > 0 && n < 65536);
}

/** Guesses the port from the victim's words (command line first, then env) and the ports others hold in its netns. */
export function guessPort(words: { source: GuessSource; words: string[] }[], held: { port: number; protocol: Protocol }[]): PortGuess | null {
  const found: { port: number; source: GuessSource; word: string }[] = [];
  for (const { source, words: list } of words) {
    for (const word of list) for (const port of portNumbersIn(word)) if (held.some((h) => h.port === port)) found.push({ port, source, word });
  }
  const first = found[0];
  if (!first) return null;
  const protocols = [...new Set(held.filter((h) => h.port === first.port).map((h) => h.protocol))];
  const distinctPorts = new Set(found.map((f) => f.port));
  const sure = first.source === 'command' && distinctPorts.size === 1 && protocols.length === 1;
  return { port: first.port, protocol: protocols.length === 1 ? protocols[0] : 'tcp', source: first.source, word: first.word, confidence: sure ? 'likely' : 'possible' };
}
