// podlab inspect <pod> [--json]: one pod of the model, with the probe path in use; exit 2 for an unknown pod.
import { EXIT_INVALID } from '../command';
import { PodlabEngine } from '../../engine/engine';
import { inspectText } from '../podtext';
import { plainGroupText } from '../plaintext';

export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const names = args.filter((a) => a !== '--json');
  if (names.length !== 1 || names[0].startsWith('-')) {
    process.stderr.write('usage: podlab inspect <pod> [--json]\n');
    return EXIT_INVALID;
  }
  const engine = await PodlabEngine.connect();
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
    process.stdout.write(json ? JSON.stringify({ ...pod, engine: model.engine }, null, 2) + '\n' : inspectText(pod, model));
    return 0;
  } finally {
    engine.close();
  }
}
