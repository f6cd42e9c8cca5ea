// PODLAB_TRACE=1: one stderr line per phase of a command (milliseconds since the process started), to see where the
// time of a slow `ls` or `snapshot` goes on a given machine. Costs one property read when off.
const on = !!process.env.PODLAB_TRACE;

export function trace(phase: string): void {
  if (on) process.stderr.write(`podlab trace: ${performance.now().toFixed(1).padStart(7)} ms  ${phase}\n`);
}
