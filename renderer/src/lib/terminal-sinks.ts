// Where each terminal's output goes: the view that draws it, or a short queue until that view attaches (the
// shell's first prompt arrives right after the open answer). Plain data, not UI state.
type Sink = (data: string) => void;
const sinks = new Map<string, Sink>();
const early = new Map<string, string[]>();
const MAX_EARLY_FRAMES = 64;

export function routeOutput(id: string, data: string): void {
  const sink = sinks.get(id);
  if (sink) return sink(data);
  const q = early.get(id) ?? [];
  if (q.length < MAX_EARLY_FRAMES) q.push(data);
  early.set(id, q);
}

/** A view takes a terminal's output; returns the function that lets go of it. */
export function takeOutput(id: string, sink: Sink): () => void {
  sinks.set(id, sink);
  for (const d of early.get(id) ?? []) sink(d);
  early.delete(id);
  return () => {
    if (sinks.get(id) === sink) sinks.delete(id);
  };
}

export function forgetOutput(id: string): void {
  sinks.delete(id);
  early.delete(id);
}
