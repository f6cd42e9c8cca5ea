// Open terminals of this window: which exist, how each ended, and their output until a view takes it. The server
// pushes terminal frames to this window only; a view acknowledges what it wrote so the server keeps sending.
import type { ClientPush } from '../../../shared/contract';
import type { OpenTerminalRequest, OpenedTerminal, TerminalPush } from '../../../shared/terminal';
import { client } from './api';
import { forgetOutput, routeOutput, takeOutput } from './terminal-sinks';

export interface TerminalEntry extends OpenedTerminal {
  ended: Extract<TerminalPush, { type: 'terminal-exit' }> | null;
  /** Shown across the window's width instead of inside the detail panel. */
  wide: boolean;
}

export const terminals = $state({ list: [] as TerminalEntry[], opening: false, error: null as string | null });

function onPush(ev: ClientPush): void {
  if (ev.type === 'terminal') routeOutput(ev.id, ev.data);
  else if (ev.type === 'terminal-exit') {
    const t = terminals.list.find((x) => x.id === ev.id);
    if (t) t.ended = ev;
  }
}

let bound = false;
function bind(): void {
  if (bound) return;
  bound = true;
  client().onPush(onPush);
}

/** A view takes a terminal's output; returns the function that lets go of it. */
export function attachSink(id: string, sink: (data: string) => void): () => void {
  bind();
  return takeOutput(id, sink);
}

export async function openTerminal(req: OpenTerminalRequest): Promise<void> {
  bind();
  terminals.opening = true;
  terminals.error = null;
  try {
    const t = await client().openTerminal(req);
    terminals.list.push({ ...t, ended: null, wide: false });
  } catch (err) {
    terminals.error = err instanceof Error ? err.message : String(err);
  } finally {
    terminals.opening = false;
  }
}

/** Closes a terminal (ends its shell when it still runs) and removes it from the window. */
export function dismissTerminal(id: string): void {
  const t = terminals.list.find((x) => x.id === id);
  if (t && !t.ended) void client().closeTerminal(id).catch(() => undefined);
  terminals.list = terminals.list.filter((x) => x.id !== id);
  forgetOutput(id);
}
