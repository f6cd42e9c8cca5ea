// One process's /proc/<pid>/stat, read by the describer (pods/listed.ts) and by the CLI's check of its early dump helper
// (probe/dumprun.ts).

/** A process's parent pid and start (clock ticks since boot) from /proc/<pid>/stat; null when it is gone. */
export function parseStat(stat: string): { ppid: number; start: number } | null {
  // The command name (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(rest[1]);
  const start = Number(rest[19]);
  return Number.isFinite(ppid) && Number.isFinite(start) && rest.length > 19 ? { ppid, start } : null;
}
