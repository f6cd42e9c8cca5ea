// podlab ls [--json] [--plain]: the pods of the model — name, phase, IP, netns, containers, ports — then the containers
// outside any pod (plain Docker: podlab's --plain groups and others'). --json: the array of pod objects, as ever;
// --json --plain: {pods, plainContainers}.
import type { PodlabConfig } from '../../engine/config';
import { EXIT_INVALID } from '../command';
import { parseFlags, usageProblem } from '../flags';
import { modelOnce } from '../../engine/model-once';
import { lsTable } from '../podtext';
import { plainTable } from '../plaintext';
import { trace } from '../../engine/trace';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  const problem = usageProblem(() => parseFlags(args, { bool: ['json', 'plain'] }), 0);
  if (problem) {
    process.stderr.write(`podlab ls: ${problem} (usage: podlab ls [--json] [--plain])\n`);
    return EXIT_INVALID;
  }
  // `--json` alone prints only the pods: the containers outside any pod (a probe of their own) are not read.
  const json = args.includes('--json');
  const model = await modelOnce(process.env, config, { plain: !json || args.includes('--plain') });
  const plain = model.plainContainers ?? [];
  if (json) {
    const doc = args.includes('--plain') ? { pods: model.pods, plainContainers: plain } : model.pods;
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else {
    process.stdout.write(args.includes('--plain') ? plainTable(plain) : lsTable(model.pods) + (plain.length ? `\nOutside any pod (plain Docker: each its own netns, veth and IP):\n${plainTable(plain)}` : ''));
  }
  trace('written');
  return 0;
}
