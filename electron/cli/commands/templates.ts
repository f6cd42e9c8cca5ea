// podlab templates [--json]: the built-in lessons, each a Kubernetes Pod manifest in templates/.
import { EXIT_OK, UsageError } from '../command';
import { parseFlags } from '../flags';
import { failWith } from '../pod-output';
import { listTemplates } from '../../engine/templates';
import type { PodlabConfig } from '../../engine/config';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  try {
    const p = parseFlags(args, { bool: ['json'] });
    if (p.positional.length) throw new UsageError('usage: podlab templates [--json]');
    const list = await listTemplates(config);
    if (p.bool.has('json')) {
      process.stdout.write(JSON.stringify(list, null, 2) + '\n');
      return EXIT_OK;
    }
    for (const t of list) process.stdout.write(`${t.name.padEnd(16)} ${t.title}\n${wrap(t.description, 17, 100)}\n\n`);
    process.stdout.write('Launch one with: podlab launch <name>  (or a manifest file: podlab launch my-pod.yaml)\n');
    return EXIT_OK;
  } catch (err) {
    return failWith('templates', err);
  }
}

function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}
