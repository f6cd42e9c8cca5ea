// podlab rm <pod>... | --all: force-removes the pods' containers (apps, then the sandbox), podlab-labelled ones only.
import type { PodlabConfig } from '../../engine/config';
import { EXIT_OK, UsageError } from '../command';
import { parseFlags } from '../flags';
import { failWith } from '../pod-output';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  try {
    const p = parseFlags(args, { bool: ['all'] });
    const all = p.bool.has('all');
    if (all === p.positional.length > 0 || (!all && p.positional.length === 0)) throw new UsageError('usage: podlab rm <pod>... | --all');
    const { PodlabEngine } = await import('../../engine/engine');
    const engine = await PodlabEngine.connect(process.env, config);
    try {
      if (all) {
        const removed = await engine.removeAllPods();
        process.stdout.write(removed.length ? `removed ${removed.length} pod(s): ${removed.join(', ')}\n` : 'no podlab pods to remove\n');
        return EXIT_OK;
      }
      await engine.removePods(p.positional);
    } finally {
      engine.close();
    }
    process.stdout.write(`removed ${p.positional.join(', ')}\n`);
    return EXIT_OK;
  } catch (err) {
    return failWith('rm', err);
  }
}
