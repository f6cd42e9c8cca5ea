// Terminals (exec sessions in the app): the request names and types, the pushed frames, and the
// bounds that keep a server safe from a client that sends too much or reads too little. Transports (IPC, WebSocket)
// route these per connection (schemas: terminal-contract.ts, without zod here for the renderer): a terminal's output goes only to the window that opened it, and dies with it.

/** Characters in one input or output frame. */
export const MAX_TERMINAL_FRAME = 16 * 1024;
/** Output characters sent but not yet acknowledged by the client: beyond this the server stops reading the process. */
export const MAX_TERMINAL_UNACKED = 256 * 1024;
/** Open terminals per window or WebSocket. */
export const MAX_TERMINALS = 8;

export const TERMINAL_METHODS = ['openTerminal', 'terminalInput', 'terminalResize', 'terminalAck', 'closeTerminal'] as const;
export type TerminalMethod = (typeof TERMINAL_METHODS)[number];

export interface OpenTerminalRequest {
  pod: string;
  container?: string;
  debug?: { image?: string; target?: string };
  cols: number;
  rows: number;
}

export interface OpenedTerminal {
  id: string;
  pod: string;
  /** The container the shell runs in (the debug container's generated name with `debug`). */
  container: string;
  ephemeral: boolean;
}

/** Why a terminal ended: the shell exited, its container stopped, the user closed it, or it failed. */
export type TerminalEnd = 'exited' | 'container-stopped' | 'closed' | 'error';

export type TerminalPush =
  | { type: 'terminal'; id: string; data: string }
  | { type: 'terminal-exit'; id: string; end: TerminalEnd; code: number | null; state?: string; message?: string };

/** The terminal methods as the renderer calls them (same shape over IPC and WebSocket). */
export interface TerminalApi {
  openTerminal(req: OpenTerminalRequest): Promise<OpenedTerminal>;
  terminalInput(id: string, data: string): Promise<void>;
  terminalResize(id: string, cols: number, rows: number): Promise<void>;
  terminalAck(id: string, chars: number): Promise<void>;
  closeTerminal(id: string): Promise<void>;
}
