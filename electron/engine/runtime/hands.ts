// The interactive part of the runtime interface: a process in a container with its streams and TTY (kubectl exec
// -it), an ephemeral container joined to a pod (kubectl debug), and a container's raw log (kubectl logs). exec,
// debug, logs and the app's terminals use only these; each runtime implements them (Docker: ./docker/hands.ts).
import type { Readable, Writable } from 'node:stream';
import type { PodRef } from './runtime';

/** One attached process — an exec or a debug container — with its streams, TTY size and exit code. */
export interface AttachedSession {
  /** With a TTY everything arrives here; without one, the process's stdout. Ends when the process's output does. */
  stdout: Readable;
  /** The process's stderr (empty with a TTY: the TTY merges both). */
  stderr: Readable;
  /** The process's stdin, or null when it was not attached (-i not given); end() closes it (EOF). */
  stdin: Writable | null;
  tty: boolean;
  /** Forwards a window-size change to the TTY (no-op without one). */
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves to the process's exit code once it ended. */
  exit: Promise<number>;
  /** Detaches and ends the process where it would outlive its client (a debug container's shell). */
  close(): void;
}

export interface AttachOptions {
  tty: boolean;
  stdin: boolean;
  /** The first window size of the TTY. */
  size?: { cols: number; rows: number };
}

/** An ephemeral container: joined to the sandbox's network and IPC namespaces, and with a target to its PID namespace. */
export interface EphemeralConfig {
  pod: PodRef;
  /** Its name in the pod (debugger-xxxxx). */
  name: string;
  sandboxId: string;
  image: string;
  /** argv; the image's shell when empty. */
  command: string[];
  target: { name: string; id: string } | null;
}

export interface LogStreams {
  stdout: Readable;
  stderr: Readable;
  /** Stops a follow. */
  stop(): void;
}

export interface HandsApi {
  /** Runs argv in a running container, attached (never a shell string from user input). */
  exec(id: string, argv: string[], opts: AttachOptions): Promise<AttachedSession>;
  /** Creates the ephemeral container, attaches to it (no output lost) and starts it; labels it role `ephemeral`. */
  runEphemeral(config: EphemeralConfig, opts: AttachOptions): Promise<{ id: string; session: AttachedSession }>;
  /** The log's raw bytes by stream (a TTY container's all on stdout): the last `tail` lines, optionally followed. */
  logs(id: string, opts: { tail?: number; timestamps?: boolean; follow?: boolean }): Promise<LogStreams>;
}

/** What a terminal sends for end-of-input (^D): a TTY session's close sends it, so a shell at its prompt ends as on a
 * hang-up (the runtimes keep an exec's terminal open when its client goes). */
export const EOT = Buffer.from([4]);
