// kubectl's short flags for the hands-on commands (-c web, -it, -f, -p): expanded to podlab's long ones before
// parseFlags; nothing after `--` (the command to run) is touched.
const LETTERS: Record<string, string> = { c: '--container', i: '--stdin', t: '--tty', f: '--follow', p: '--previous' };

export function expandShortFlags(args: string[], allowed: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    const m = /^-([a-z]+)(?:=(.*))?$/.exec(a);
    if (!m || ![...m[1]!].every((l) => allowed.includes(l) && LETTERS[l])) {
      out.push(a);
      continue;
    }
    // -c takes a value: "-c web", "-cweb" is not kubectl's either, "-c=web" is.
    for (const l of m[1]!) out.push(LETTERS[l]!);
    if (m[2] !== undefined) out.push(m[2]);
  }
  return out;
}
