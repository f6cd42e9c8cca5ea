// The zod schemas of the terminal requests (shared/terminal.ts): checked by the transport before a terminal is touched.
import { z } from 'zod';
import { MAX_TERMINAL_FRAME, MAX_TERMINAL_UNACKED, TERMINAL_METHODS, type TerminalMethod } from './terminal';

const name = z.string().min(1).max(253).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a name of letters, digits, "-", "_" or "."');
const sessionId = z.string().regex(/^t[0-9a-z]{1,24}$/, 'a terminal id');
const cols = z.number().int().min(2).max(500);
const rows = z.number().int().min(2).max(300);

export const terminalSchemas = {
  /** Opens a shell in a running container, or (with `debug`) in a new ephemeral busybox container of the pod. */
  openTerminal: z.tuple([
    z.strictObject({
      pod: name,
      container: name.optional(),
      debug: z.strictObject({ image: z.string().min(1).max(300).optional(), target: name.optional() }).optional(),
      cols,
      rows,
    }),
  ]),
  terminalInput: z.tuple([sessionId, z.string().max(MAX_TERMINAL_FRAME)]),
  terminalResize: z.tuple([sessionId, cols, rows]),
  /** The client has written this many characters of output: the server may send that many more. */
  terminalAck: z.tuple([sessionId, z.number().int().min(0).max(MAX_TERMINAL_UNACKED)]),
  closeTerminal: z.tuple([sessionId]),
};

// Every listed method has a schema and every schema is listed.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _covered: Same<keyof typeof terminalSchemas, TerminalMethod> = true;
void _covered;

export function isTerminalMethod(v: unknown): v is TerminalMethod {
  return typeof v === 'string' && (TERMINAL_METHODS as readonly string[]).includes(v);
}

/** Validated arguments of a terminal request; throws with what is wrong. */
export function validateTerminalRequest(method: TerminalMethod, args: unknown): unknown[] {
  const r = terminalSchemas[method].safeParse(args);
  if (!r.success) throw new Error(`Invalid arguments for ${method}: ${r.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ')}`);
  return r.data as unknown[];
}
