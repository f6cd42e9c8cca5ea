// One run of the native dump helper (`podlab-sockdiag --dump`, native/procdump.c): its request written in two parts,
// its answer kept until someone reads it (probe/procdump.ts parses it).
// The CLI's `ls` and `snapshot` find one already running when they start: bin/podlab starts them through the helper's
// --early-dump (native/early.c), which forks the helper in its discover mode and then runs Node. While Node starts and
// the engine lists the containers, the helper finds where each container's cgroup is; once the describer names the
// listed containers (pods/listed.ts) it reads them there. That saves what came after the listing otherwise (~10 ms of a
// 30-pod `ls` here): one inspect to learn the cgroup layout, and a spawn from Node, whose fork of its ~40 MB costs it
// ~6 ms. Until it is read, the run holds nothing up: a command that never takes it exits as usual.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, readFileSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { roleOf } from '../runtime/vocabulary';
import { sockdiagHelper } from './sockdiag';
import { parseStat } from './stat';

/** A helper that has not finished by then is killed (its answer is then not used). */
const MAX_RUN_MS = 10_000;

export interface HelperRun {
  /**
   * Writes the rest of the request and ends it, unless `ask` did already; from now on the process waits for the
   * answer.
   */
  finish(rest: string): void;
  /** Writes the rest of the request and ends it, holding nothing up until someone `finish`es (an early run's). */
  ask(rest: string): void;
  /** The answer so far, then as it comes; `end` once, with the exit code (null: killed, or it could not start). */
  read(data: (chunk: Buffer) => void, end: (code: number | null) => void): void;
  kill(): void;
}

/** The helper, when the dump may be used here: built, this process is root (setns), and PODLAB_PROC_DUMP is not 0. */
export function dumpHelper(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.PODLAB_PROC_DUMP !== '0' && process.getuid?.() === 0 ? sockdiagHelper() : null;
}

type Handle = { ref(): unknown; unref(): unknown };

/**
 * A run's answer kept until read: `answer` is its output, `write`/`close` its request's, `ended` is called once the
 * output ends, `kill` ends the helper. `wanted` false: nothing is kept alive until `finish`.
 */
function helperRun(p: { answer: Socket; handles: Handle[]; write(text: string): void; close(): void; kill(): void; wanted: boolean }): HelperRun & { ended(code: number | null): void } {
  const kept: Buffer[] = [];
  let onData: ((chunk: Buffer) => void) | null = null;
  let onEnd: ((code: number | null) => void) | null = null;
  let code: number | null | undefined;
  const timer = setTimeout(p.kill, MAX_RUN_MS);
  const handles: Handle[] = [p.answer, timer, ...p.handles];
  const ended = (c: number | null): void => {
    if (code !== undefined) return;
    code = c;
    clearTimeout(timer);
    onEnd?.(c);
  };
  p.answer.on('data', (b: Buffer) => (onData ? onData(b) : kept.push(b)));
  if (!p.wanted) for (const h of handles) h.unref();
  // The request is written and closed once (a second close of its fd could close another file that took its number).
  let asked = false;
  const ask = (rest: string): void => {
    if (asked) return;
    asked = true;
    if (rest) p.write(rest);
    p.close();
  };
  return {
    ended,
    finish(rest) {
      for (const h of handles) h.ref();
      ask(rest);
    },
    ask,
    read(data, end) {
      [onData, onEnd] = [data, end];
      for (const b of kept.splice(0)) data(b);
      if (code !== undefined) end(code);
    },
    kill: p.kill,
  };
}

/** Starts the helper (after the listing: the request is written whole, by `finish`). */
export function startHelperRun(helper: string): HelperRun {
  const child = spawn(helper, ['--dump'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.on('error', () => undefined);
  const run = helperRun({
    // A pipe of a child process is a net.Socket, typed as a plain stream.
    answer: child.stdout as unknown as Socket,
    handles: [child],
    write: (text) => child.stdin.write(text),
    close: () => child.stdin.end(),
    kill: () => void child.kill(),
    wanted: true,
  });
  child.on('error', () => run.ended(null));
  child.on('close', (c) => run.ended(c));
  return run;
}

// The CLI's first module and the command's bundle each have their own copy of this module: the early run waits on
// the process's global object, under a key only this module uses.
const SLOT = Symbol.for('podlab.probe.earlyDump');
const slots = globalThis as unknown as Record<symbol, HelperRun | undefined>;

/**
 * Takes over the helper bin/podlab started (PODLAB_EARLY_DUMP: its pid, its request and answer pipes), for a command
 * whose next step is a model of every pod of a local engine; false when there is none. `use` false: the command will
 * not need it, and it is ended now. Either way the variable is removed, so that no child of this process takes it.
 */
export function takeLaunchedDump(env: NodeJS.ProcessEnv, use: boolean): boolean {
  const given = /^(\d+) (\d+) (\d+)$/.exec(env.PODLAB_EARLY_DUMP ?? '');
  delete env.PODLAB_EARLY_DUMP;
  if (!given) return false;
  const [pid, request, answerFd] = given.slice(1).map(Number) as [number, number, number];
  const close = (fd: number): void => {
    try {
      closeSync(fd);
    } catch {
      // Not open (any more): nothing to close.
    }
  };
  // A variable that does not tell of our own helper is not acted on at all (its descriptors may be anything).
  if (!launchedHere(pid, request, answerFd)) return false;
  if (!use || !dumpHelper(env)) {
    close(request);
    close(answerFd);
    return false;
  }
  let answer: Socket;
  try {
    answer = new Socket({ fd: answerFd, readable: true, writable: false });
  } catch {
    close(request);
    close(answerFd);
    return false;
  }
  const run = helperRun({
    answer,
    handles: [],
    write: (text) => {
      try {
        // The helper reads its request while this is written (a blocking pipe: no partial write to finish later).
        writeSync(request, text);
      } catch {
        // It ended: its answer says what it read.
      }
    },
    close: () => close(request),
    // Our own child (it stays a zombie until this process ends, so its pid is not anyone else's meanwhile).
    kill: () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
    wanted: false,
  });
  // Its exit code is not ours to read (this process did not spawn it through Node): the answer's ends say how it went.
  answer.on('end', () => run.ended(0));
  answer.on('error', () => run.ended(null));
  slots[SLOT] = run;
  return true;
}

/** Whether the variable tells of a helper this process started: its child, and two pipes (else it is not used). */
function launchedHere(pid: number, request: number, answer: number): boolean {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.ppid === process.pid && fstatSync(request).isFIFO() && fstatSync(answer).isFIFO();
  } catch {
    return false;
  }
}

/** A container id as the helper takes it. */
export const CONTAINER_ID = /^[0-9a-f]{12,64}$/;

/** What the dump reads of a container: a running sandbox or app, as such; null for any other. */
export function dumpEntry(id: string, state: unknown, labels: Record<string, string> | null | undefined): { id: string; sandbox: boolean } | null {
  if (state !== 'running') return null;
  const role = roleOf(labels ?? undefined);
  return role === 'sandbox' || role === 'app' ? { id, sandbox: role === 'sandbox' } : null;
}

/** A request's container lines (the rest of an early run's request); null when an id is malformed. */
export function containerLines(containers: { id: string; sandbox: boolean }[]): string | null {
  if (containers.some((c) => !CONTAINER_ID.test(c.id))) return null;
  return containers.map((c) => `${c.sandbox ? 's' : 'a'} ${c.id}\n`).join('') + '.\n';
}

/**
 * Asks the early run, before anyone takes it, for these containers: the CLI's first module does, as soon as it has the
 * listing, so that the helper reads them while the command's code loads. The describer's later request for the same
 * listing is then not written (`finish` after `ask`); a container it names that was not asked is read as one the dump
 * could not read. False when there is no early run or a malformed id.
 */
export function askEarlyDump(containers: { id: string; sandbox: boolean }[]): boolean {
  const run = slots[SLOT];
  const rest = containerLines(containers);
  if (!run || rest === null) return false;
  run.ask(rest);
  return true;
}

/** Whether an early run waits to be taken. */
export function earlyDumpWaiting(): boolean {
  return slots[SLOT] !== undefined;
}

/** The early run, once; null when none was started or it was taken. */
export function takeEarlyDump(): HelperRun | null {
  const run = slots[SLOT] ?? null;
  delete slots[SLOT];
  return run;
}
