// podlab ls [--json]: the pods of the model — name, phase, IP, netns, containers, ports (--json: array of pod objects).
import type { PodlabConfig } from '../../engine/config';
import { EXIT_INVALID } from '../command';
import { parseFlags, usageProblem } from '../flags';
import { PodlabEngine } from '../../engine/engine';
import { lsTable } from '../podtext';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  const problem = usageProblem(() => parseFlags(args, { bool: ['json'] }), 0);
  if (problem) {
    process.stderr.write(`podlab ls: ${problem} (usage: podlab ls [--json])\n`);
    return EXIT_INVALID;
  }
  const engine = await PodlabEngine.connect(process.env, config);
  try {
    const model = await engine.getModel();
    process.stdout.write(args.includes('--json') ? JSON.stringify(model.pods, null, 2) + '\n' : lsTable(model.pods));
    return 0;
  } finally {
    engine.close();
  }
}
