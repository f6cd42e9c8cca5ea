// Connects an attached session (exec or debug container) to this terminal: stdin with -i, raw mode and window-size
// changes with -t (restored on exit), output byte for byte; resolves to the process's exit code.
import type { AttachedSession } from '../engine/exec-api';

export async function attachTerminal(s: AttachedSession): Promise<number> {
  // process.stdin is created on first use (a TTY or pipe handle, ~1-2 ms, and a handle to close): only with -i.
  const stdin = s.stdin ? process.stdin : null;
  const raw = s.tty && stdin !== null && stdin.isTTY;
  const restore = (): void => {
    if (raw && stdin.isTTY) stdin.setRawMode(false);
  };
  // Whatever happens (Ctrl-C is a byte to the container in raw mode), the user's terminal is left as it was.
  process.once('exit', restore);
  const onResize = (): void => void s.resize(process.stdout.columns ?? 80, process.stdout.rows ?? 24);
  try {
    if (raw) stdin.setRawMode(true);
    if (s.tty && process.stdout.isTTY) {
      onResize();
      process.stdout.on('resize', onResize);
    }
    s.stdout.pipe(process.stdout, { end: false });
    s.stderr.pipe(process.stderr, { end: false });
    if (stdin && s.stdin) stdin.pipe(s.stdin);
    const outputDone = Promise.all([new Promise((r) => s.stdout.on('end', r)), new Promise((r) => s.stderr.on('end', r))]);
    const code = await s.exit;
    await outputDone;
    return code;
  } finally {
    process.stdout.off('resize', onResize);
    restore();
    process.off('exit', restore);
    if (stdin && s.stdin) {
      stdin.unpipe(s.stdin);
      // stdin may keep the event loop alive after the process in the container ended.
      stdin.pause();
      stdin.destroy();
    }
    s.close();
  }
}
