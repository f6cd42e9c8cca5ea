// podlab diff <a.json> <b.json> [--json]: what changed between two snapshot files (text for people, --json for
// tools). Works without an engine. A file that is not a podlab v1 snapshot: clear message, exit 2.
import { readFile } from 'node:fs/promises';
import { diffSnapshots, renderDiffText } from '../../../shared/render/diff';
import { readSnapshot } from '../../../shared/snapshot/read';
import type { Snapshot } from '../../../shared/model';
import { EXIT_INVALID, EXIT_OK } from '../command';
import { parseFlags, usageProblem } from '../flags';

const USAGE = 'usage: podlab diff <a.json> <b.json> [--json]   (snapshots from: podlab snapshot -o file.json)';

async function load(path: string): Promise<Snapshot | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${err instanceof Error ? err.message : String(err)})`;
  }
  const r = readSnapshot(text, path);
  return r.ok ? r.snapshot : r.error;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const parse = (): ReturnType<typeof parseFlags> => parseFlags(args, { bool: ['json'] });
  const problem = usageProblem(parse, 2);
  if (problem) {
    process.stderr.write(`podlab diff: ${problem.startsWith('unknown option') ? problem : 'give exactly two snapshot files'}\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  const p = parse();
  const json = p.bool.has('json');
  const files = p.positional;
  const [a, b] = await Promise.all(files.map(load));
  const problems = [a, b].filter((x): x is string => typeof x === 'string');
  if (problems.length > 0 || typeof a === 'string' || typeof b === 'string') {
    process.stderr.write(problems.map((p) => `podlab diff: ${p}\n`).join(''));
    return EXIT_INVALID;
  }
  const d = diffSnapshots(a, b);
  process.stdout.write(json ? JSON.stringify(d, null, 2) + '\n' : renderDiffText(d));
  return EXIT_OK;
}
