// Every warning a manifest gets before launch: the API server's own (Kubernetes' words) and then podlab's predictions
// of port collisions in the pod's one network namespace, worded so nobody mistakes them for the API server's. Pure.
import { predictConflicts, type Prediction } from '../conflicts/preflight';
import type { PodSpec } from './types';

export const PREDICTION_PREFIX = 'podlab predicts: ';

function sources(p: Prediction): string {
  if (p.victimFrom === p.holderFrom) return p.victimFrom === 'command' ? 'from their commands' : 'from their declared ports';
  const [cmd, decl] = p.victimFrom === 'command' ? [p.victim, p.holder] : [p.holder, p.victim];
  return `from ${cmd}'s command and ${decl}'s declared port`;
}

/** The API server already said it: a duplicate/overlapping warning for exactly these two declared ports. */
function apiServerSaid(p: Prediction, apiWarnings: string[]): boolean {
  return p.victimFrom === 'declared' && p.holderFrom === 'declared' && apiWarnings.some((w) => w.startsWith(`${p.path}: `) && w.endsWith(` with ${p.holderPath}`));
}

/** podlab's predictions as warning lines, leaving out pairs the API server's own warnings already name. */
export function predictionWarnings(spec: PodSpec, apiWarnings: string[]): string[] {
  return predictConflicts(spec)
    .filter((p) => !apiServerSaid(p, apiWarnings))
    .map(
      (p) =>
        `${PREDICTION_PREFIX}${p.victim} and ${p.holder} will both listen on ${p.port}/${p.protocol} (${sources(p)}) — ` +
        `the second will fail with "Address already in use" (they share one network namespace)`,
    );
}

/** The API server's warnings followed by podlab's predictions. */
export function manifestWarnings(spec: PodSpec, apiWarnings: string[]): string[] {
  return [...apiWarnings, ...predictionWarnings(spec, apiWarnings)];
}

export function isPrediction(warning: string): boolean {
  return warning.startsWith(PREDICTION_PREFIX);
}
