// Event filters every engine honours: Podman 4.3 answers a key-only label filter (label=io.podlab.pod) with no events at
// all, while label=key=value and type/event filters work everywhere. Key-only label filters are therefore applied here,
// on podlab's side (every engine puts the container's labels in Actor.Attributes), and only the rest goes to the engine.
import type { DockerEvent } from './parse';

export interface SplitFilters {
  /** What the engine is asked to filter. */
  server: Record<string, string[]>;
  /** What podlab checks on each event the engine sends. */
  accept: (ev: DockerEvent) => boolean;
}

export function splitEventFilters(filters: Record<string, string[]>): SplitFilters {
  const labels = filters.label ?? [];
  const keyOnly = labels.filter((l) => !l.includes('='));
  const server: Record<string, string[]> = { ...filters };
  const rest = labels.filter((l) => l.includes('='));
  if (rest.length) server.label = rest;
  else delete server.label;
  return { server, accept: (ev) => keyOnly.every((k) => k in ev.attributes) };
}
