// podlab rm <pod>... | --all: force-removes the pods' containers (apps, then the sandbox) and plain groups' containers,
// podlab-labelled ones only; a container podlab did not create is named and left alone (exit 2).
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
    const { removeEverything, removeNamed } = await import('../../engine/plain/remove');
    const engine = await PodlabEngine.connect(process.env, config);
    try {
      if (all) {
        const { pods: removed, groups } = await removeEverything(engine.conn);
        process.stdout.write(removed.length ? `removed ${removed.length} pod(s): ${removed.join(', ')}\n` : 'no podlab pods to remove\n');
        if (groups.length) process.stdout.write(`removed ${groups.length} plain group(s): ${groups.join(', ')}\n`);
        return EXIT_OK;
      }
      // Pods and plain groups by name; another container's name is refused (exit 2): podlab never removes it.
      await removeNamed(engine.conn, p.positional);
    } finally {
      await engine.close();
    }
    process.stdout.write(`removed ${p.positional.join(', ')}\n`);
    return EXIT_OK;
  } catch (err) {
    return failWith('rm', err);
  }
}
