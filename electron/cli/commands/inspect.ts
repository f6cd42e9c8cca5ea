// podlab inspect <pod> [--json]: one pod of the model, with the probe path in use; exit 2 for an unknown pod.
import type { PodlabConfig } from '../../engine/config';
import { EXIT_INVALID } from '../command';
import { parseFlags, usageProblem } from '../flags';
import { PodlabEngine } from '../../engine/engine';
import { inspectText } from '../podtext';
import { plainGroupText } from '../plaintext';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  const parse = (): ReturnType<typeof parseFlags> => parseFlags(args, { bool: ['json'] });
  if (usageProblem(parse, 1)) {
    process.stderr.write('usage: podlab inspect <pod> [--json]\n');
    return EXIT_INVALID;
  }
  const p = parse();
  const json = p.bool.has('json');
  const names = p.positional;
  const engine = await PodlabEngine.connect(process.env, config);
  try {
    const model = await engine.getModel({ pods: names });
    const pod = model.pods.find((p) => p.name === names[0]);
    if (!pod) {
      // Not a pod: a plain group of that name (launch --plain)?
      const { readPlainGroup, PLAIN_LESSON } = await import('../../engine/plain/facade');
      const members = await readPlainGroup(engine.conn, names[0]);
      if (members.length) {
        process.stdout.write(json ? JSON.stringify({ group: names[0], plainContainers: members, engine: model.engine }, null, 2) + '\n' : plainGroupText(names[0], members, PLAIN_LESSON));
        return 0;
      }
      process.stderr.write(`podlab inspect: no pod named "${names[0]}" (see podlab ls)\n`);
      return EXIT_INVALID;
    }
    // --json: the pod object, plus the engine part (probe path) the pod was read with.
    process.stdout.write(json ? JSON.stringify({ ...pod, engine: model.engine }, null, 2) + '\n' : inspectText(pod, model, engine.config));
    return 0;
  } finally {
    await engine.close();
  }
}
