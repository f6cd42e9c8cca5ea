// Every warning a manifest gets before launch: the API server's own (Kubernetes' words) and then podlab's predictions
// of port collisions in the pod's one network namespace, worded so nobody mistakes them for the API server's. Pure.
import { predictConflicts, type Prediction } from '../conflicts/preflight';
import { msg, render, type Message } from '../i18n/message';
import type { PodSpec } from './types';

/** How every prediction line starts in English (predict.warning), so tools can tell it from the API server's. */
export const PREDICTION_PREFIX = 'podlab predicts: ';

function sources(p: Prediction): Message {
  if (p.victimFrom === p.holderFrom) return msg(p.victimFrom === 'command' ? 'predict.fromCommands' : 'predict.fromDeclared');
  const [command, declared] = p.victimFrom === 'command' ? [p.victim, p.holder] : [p.holder, p.victim];
  return msg('predict.fromMixed', { command, declared });
}

/** The API server already said it: a duplicate/overlapping warning for exactly these two declared ports. */
function apiServerSaid(p: Prediction, apiWarnings: string[]): boolean {
  return p.victimFrom === 'declared' && p.holderFrom === 'declared' && apiWarnings.some((w) => w.startsWith(`${p.path}: `) && w.endsWith(` with ${p.holderPath}`));
}

/** podlab's predictions as warning messages, leaving out pairs the API server's own warnings already name. */
export function predictionMessages(spec: PodSpec, apiWarnings: string[]): Message[] {
  return predictConflicts(spec)
    .filter((p) => !apiServerSaid(p, apiWarnings))
    .map((p) => msg('predict.warning', { victim: p.victim, holder: p.holder, port: `${p.port}/${p.protocol}`, sources: sources(p) }));
}

/** podlab's predictions as English warning lines. */
export function predictionWarnings(spec: PodSpec, apiWarnings: string[]): string[] {
  return predictionMessages(spec, apiWarnings).map((m) => render(m));
}

/** The API server's warnings (its own words) followed by podlab's predictions, as messages. */
export function manifestWarningMessages(spec: PodSpec, apiWarnings: string[]): Message[] {
  return [...apiWarnings.map((text) => msg('manifest.apiWarning', { text })), ...predictionMessages(spec, apiWarnings)];
}

/** The API server's warnings followed by podlab's predictions, in English. */
export function manifestWarnings(spec: PodSpec, apiWarnings: string[]): string[] {
  return manifestWarningMessages(spec, apiWarnings).map((m) => render(m));
}

export function isPrediction(warning: string): boolean {
  return warning.startsWith(PREDICTION_PREFIX);
}
