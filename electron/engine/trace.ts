// PODLAB_TRACE=1: one stderr line per phase of a command (milliseconds since the process started, and the CPU time it
// used so far), to see where the time of a slow `ls` or `snapshot` goes on a given machine. Costs one property read
// when off.
const on = !!process.env.PODLAB_TRACE;

export function trace(phase: string): void {
  if (!on) return;
  // The process's CPU time beside the wall time: a phase whose CPU did not grow was waiting (for the engine, a helper).
  const cpu = process.cpuUsage();
  process.stderr.write(`podlab trace: ${performance.now().toFixed(1).padStart(7)} ms  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(4)} ms  ${phase}\n`);
}
