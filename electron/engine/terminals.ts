// Terminals of one window or WebSocket: shells in containers (exec -it sh) or in a new debug container, their output
// pushed only to that client in bounded frames, paused while the client has too much unacknowledged output, and
// all of them ended when the client goes. No Electron import: Electron main and `podlab serve` both use it.
import { StringDecoder } from 'node:string_decoder';
import { isTerminalMethod, validateTerminalRequest } from '../../shared/terminal-contract';
import {
  MAX_TERMINALS,
  MAX_TERMINAL_FRAME,
  MAX_TERMINAL_UNACKED,
  type OpenTerminalRequest,
  type OpenedTerminal,
  type TerminalMethod,
  type TerminalPush,
} from '../../shared/terminal';
import type { EngineConnection } from './docker';
import type { AttachedSession } from './runtime/hands';

interface Term {
  session: AttachedSession;
  unacked: number;
  paused: boolean;
  closedByUser: boolean;
  pod: string;
  containerId: string;
}

/** The shell a terminal runs: busybox and most images have sh; kubectl users type the same. */
const SHELL = ['sh'];

export class TerminalHub {
  private terms = new Map<string, Term>();
  private next = 1;

  constructor(
    private readonly conn: () => EngineConnection | null,
    private readonly push: (ev: TerminalPush) => void,
    /** False for `serve --host <non-loopback>` without --allow-exec: then every terminal request is refused. */
    private readonly allowExec: boolean,
  ) {}

  handles(method: unknown): method is TerminalMethod {
    return isTerminalMethod(method);
  }

  async call(method: unknown, raw: unknown): Promise<unknown> {
    if (!isTerminalMethod(method)) throw new Error(`Unknown terminal request "${String(method)}".`);
    const args = validateTerminalRequest(method, raw);
    if (!this.allowExec) {
      throw new Error('Terminals, exec and debug containers are off: this podlab serve listens beyond loopback and was started without --allow-exec.');
    }
    const id = args[0] as string;
    switch (method) {
      case 'openTerminal':
        return this.open(args[0] as OpenTerminalRequest);
      case 'terminalInput':
        this.term(id).session.stdin?.write(Buffer.from(args[1] as string, 'utf8'));
        return null;
      case 'terminalResize':
        await this.term(id).session.resize(args[1] as number, args[2] as number);
        return null;
      case 'terminalAck':
        this.ack(id, args[1] as number);
        return null;
      case 'closeTerminal':
        this.close(id);
        return null;
    }
  }

  /** Ends every terminal (the window or socket went away). */
  closeAll(): void {
    for (const id of [...this.terms.keys()]) this.close(id);
  }

  get size(): number {
    return this.terms.size;
  }

  private term(id: string): Term {
    const t = this.terms.get(id);
    if (!t) throw new Error(`No open terminal ${id}: it has ended.`);
    return t;
  }

  private close(id: string): void {
    const t = this.terms.get(id);
    if (!t) return;
    t.closedByUser = true;
    t.session.close();
  }

  private ack(id: string, chars: number): void {
    const t = this.terms.get(id);
    if (!t) return;
    t.unacked = Math.max(0, t.unacked - chars);
    if (t.paused && t.unacked <= MAX_TERMINAL_UNACKED / 2) {
      t.paused = false;
      t.session.stdout.resume();
    }
  }

  private async open(req: OpenTerminalRequest): Promise<OpenedTerminal> {
    if (this.terms.size >= MAX_TERMINALS) throw new Error(`At most ${MAX_TERMINALS} terminals at once: close one first.`);
    const conn = this.conn();
    if (!conn) throw new Error('Not connected to the Docker engine yet; try again in a moment.');
    let session: AttachedSession;
    let container: string;
    let containerId: string;
    if (req.debug) {
      const { startDebug } = await import('./hands/debug');
      const d = await startDebug(conn, req.pod, { image: req.debug.image, target: req.debug.target, stdin: true, tty: true, size: { cols: req.cols, rows: req.rows } });
      ({ session } = d);
      container = d.container.name;
      containerId = d.container.id;
    } else {
      const [{ findTarget, handsOf }, { ensureRunning }] = await Promise.all([import('./hands/target'), import('./hands/running')]);
      const t = await findTarget(conn, req.pod, req.container);
      await ensureRunning(conn, t, 'open a terminal in');
      session = await handsOf(conn).exec(t.container.id, SHELL, { tty: true, stdin: true, size: { cols: req.cols, rows: req.rows } });
      container = t.name;
      containerId = t.container.id;
    }
    const id = `t${(this.next++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const term: Term = { session, unacked: 0, paused: false, closedByUser: false, pod: req.pod, containerId };
    this.terms.set(id, term);
    this.pipe(id, term);
    return { id, pod: req.pod, container, ephemeral: !!req.debug };
  }

  private pipe(id: string, t: Term): void {
    const decoder = new StringDecoder('utf8');
    const send = (text: string): void => {
      for (let i = 0; i < text.length; i += MAX_TERMINAL_FRAME) {
        const data = text.slice(i, i + MAX_TERMINAL_FRAME);
        t.unacked += data.length;
        this.push({ type: 'terminal', id, data });
      }
      // A client that does not read must not grow this process: stop reading the container until it catches up.
      if (t.unacked > MAX_TERMINAL_UNACKED && !t.paused) {
        t.paused = true;
        t.session.stdout.pause();
      }
    };
    t.session.stdout.on('data', (chunk: Buffer) => send(decoder.write(chunk)));
    t.session.stdout.on('end', () => send(decoder.end()));
    void t.session.exit.then(
      (code) => this.ended(id, t, code, null),
      (err: unknown) => this.ended(id, t, null, err instanceof Error ? err.message : String(err)),
    );
  }

  private async ended(id: string, t: Term, code: number | null, error: string | null): Promise<void> {
    this.terms.delete(id);
    if (t.closedByUser) return this.push({ type: 'terminal-exit', id, end: 'closed', code });
    // The shell ended by itself, or its container stopped under it: say which. A process killed with its container
    // (code null, 128+signal, or Docker's 126 for an exec whose container went under it) may end a moment before the
    // engine records the container's exit: look a few times.
    const inspect = async (): Promise<string | null> => (await this.conn()?.runtime.containers.status(t.containerId).catch(() => null))?.state ?? null;
    let state = await inspect();
    for (let i = 0; i < 10 && state === 'running' && (code === null || code >= 126); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await inspect();
    }
    if (state && state !== 'running') return this.push({ type: 'terminal-exit', id, end: 'container-stopped', code, state, ...(error ? { message: error } : {}) });
    if (!state && code === null) return this.push({ type: 'terminal-exit', id, end: 'container-stopped', code, state: 'removed' });
    this.push({ type: 'terminal-exit', id, end: error ? 'error' : 'exited', code, ...(error ? { message: error } : {}) });
  }
}
