// Test bodies for the hands (exec -i, exec -it, exec -t with a resize, debug's output with and without a TTY) that run unchanged
// on every backend: the Docker engine (hands-exec.test.ts on both exec paths, hands-cli.test.ts) and a CRI runtime
// through its streaming server (cri-hands.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PODLAB, ROOT, podlab, until } from './helpers';

/** How a body runs podlab: the environment, and the shell words that start it (e.g. `env PODLAB_EXEC_NATIVE=0 bin/podlab`). */
export interface Runner {
  env?: NodeJS.ProcessEnv;
  launcher?: string;
}

/** A shell script in a temp file (script(1) takes one command string: a file keeps the quoting simple). */
function withScript<T>(text: string, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-session-'));
  try {
    const path = join(dir, 'session.sh');
    writeFileSync(path, text);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `podlab exec -it` under script(1): the process has a TTY, keys reach it, the exit code comes back, and the terminal's
 * settings are back after the session (raw mode undone).
 */
export function execTtyExitCode(pod: string, container: string, { env = process.env, launcher = PODLAB }: Runner = {}): void {
  withScript(`s=$(stty -g); ${launcher} exec ${pod} -c ${container} -it -- sh; rc=$?; [ "$(stty -g)" = "$s" ] && echo terminal-restored; exit $rc\n`, (session) => {
    // script(1) gives podlab a real terminal; the input arrives after the shell started.
    const cmd = `(sleep 1; printf 'tty; echo marker-$((6*7)); exit 5\\r'; sleep 3) | script -qec "sh ${session}" /dev/null`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.stdout).toContain('marker-42');
    expect(r.stdout).toContain('terminal-restored');
    expect(r.status, r.stdout + r.stderr).toBe(5);
    expect(r.stderr).not.toMatch(/Error|TypeError/);
  });
}

/** `podlab exec -t`: the first size reaches the container's TTY, and a window-size change follows it. */
export async function execTtyResize(pod: string, container: string, { env = process.env, launcher = PODLAB }: Runner = {}): Promise<void> {
  // A pseudo-terminal made by script(1) starts at 0x0 when script has no terminal of its own (as here): busybox's
  // `stty size` then prints "stty: standard input" and nothing else (exit 0), which is what hid this before. The session sets a size first.
  // A runtime may size an exec's TTY only by the resize after its start (Docker before API 1.42, the CRI's resize
  // channel), which a process reading its size at once can beat: the container waits (bounded) for its first size,
  // then polls (bounded) for the new size while the test resizes the terminal from outside (TIOCSWINSZ: the kernel sends
  // podlab SIGWINCH). `stty rows 40 cols 120` sets the rows and the columns by two ioctls, so the container may see
  // 40x100 on the way: it waits for the final size, and prints whatever it has when the bound runs out.
  const poll = (cond: string, max: number): string => `i=0; while ${cond} && [ $i -lt ${max} ]; do sleep 0.1; i=$((i+1)); done`;
  const inner = `sh -c '${poll('s=$(stty size 2>/dev/null); [ -z "$s" ]', 50)}; echo "first $s"; ${poll('[ "$(stty size)" != "40 120" ]', 100)}; echo "now $(stty size)"'`;
  const session = `tty; stty rows 30 cols 100; exec ${launcher} exec ${pod} -c ${container} -t -- ${inner}`;
  const child = spawn('script', ['-qec', session, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const pts = await until(() => /\/dev\/pts\/\d+/.exec(out)?.[0], 10_000, 50, "the session's terminal");
    await until(() => /first 30 100/.test(out), 15_000, 50, 'the first size in the container');
    const resized = spawnSync('stty', ['-F', pts, 'rows', '40', 'cols', '120'], { encoding: 'utf8' });
    expect(resized.status, resized.stderr).toBe(0);
    expect(await exited).toBe(0);
    expect(out).toMatch(/now 40 120/);
  } finally {
    child.kill('SIGKILL');
  }
}

/** `podlab debug -t`: a command's output in its TTY, from the first line (printed before any attach) to its exit code. */
export function debugTtyOutput(pod: string, env: NodeJS.ProcessEnv = process.env): void {
  const session = `stty rows 30 cols 100; exec ${PODLAB} debug ${pod} -t -- sh -c 'echo first-$((2*3)); sleep 1; echo second-$((3*3)); exit 6'`;
  const r = spawnSync('script', ['-qec', session, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  expect(r.stdout).toMatch(/first-6\r?\r\n/);
  expect(r.stdout).toMatch(/second-9\r?\r\n/);
  expect(r.status, r.stdout + r.stderr).toBe(6);
}

/** `podlab debug` without -i/-t: stdout and stderr apart, byte for byte (a last line without its newline too). */
export async function debugPlainOutput(pod: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const r = await podlab(['debug', pod, '--', 'sh', '-c', 'echo out; echo err >&2; printf no-newline; exit 2'], { env });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('out\nno-newline');
  expect(r.stderr).toContain('err\n');
}

/** `podlab debug -i` with a large piped stdin: every byte arrives, then EOF (the client pauses, it does not buffer it all). */
export async function debugLargeStdin(pod: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const size = 8 * 1024 * 1024;
  const r = await podlab(['debug', pod, '-i', '--', 'sh', '-c', 'wc -c'], { env, input: 'x'.repeat(size), timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(String(size));
}

/**
 * `podlab exec -i` without a TTY: stdin reaches the process, its end is EOF (the command goes on after `cat`), stderr
 * stays apart, the exit code comes back, and 8 MiB of piped stdin arrives whole.
 */
export async function execStdin(pod: string, container: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const r = await podlab(['exec', pod, '-c', container, '-i', '--', 'sh', '-c', 'cat; echo eof; echo err >&2; exit 5'], { env, input: 'line one\nline two\n' });
  expect(r).toMatchObject({ code: 5, stdout: 'line one\nline two\neof\n', stderr: 'err\n' });
  const size = 8 * 1024 * 1024;
  const wc = await podlab(['exec', pod, '-c', container, '--stdin', '--', 'wc', '-c'], { env, input: 'x'.repeat(size), timeoutMs: 60_000 });
  expect(wc.code, wc.stderr).toBe(0);
  expect(wc.stdout.trim()).toBe(String(size));
}
