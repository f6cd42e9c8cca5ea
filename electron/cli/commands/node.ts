// podlab node [--json]: what the runtime itself lists (`docker ps -a`) in its own words, pause containers marked, each
// row beside the pod/container it is in podlab's model; then how to read it and the real node's commands. On a CRI
// runtime crictl's two tables (../node-cri.ts).
import type { PodlabConfig } from '../../engine/config';
import { EXIT_INVALID } from '../command';
import { PodlabEngine } from '../../engine/engine';
import { HOW_TO_READ, HOW_TO_READ_CRI, modelRefText, pausePerPod, type NodeListing } from '../../../shared/node';
import { columns, criTables } from '../node-cri';

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function nodeText(l: NodeListing): string {
  const rows = [['', 'CONTAINER ID', 'IMAGE', 'COMMAND', 'STATUS', 'NAMES', "IN PODLAB'S MODEL"]];
  for (const r of l.rows) rows.push([r.pause ? 'pause' : '', r.id, cut(r.image, 32), `"${cut(r.command, 20)}"`, r.status, r.name, modelRefText(r.model)]);
  const cri = l.runtime === 'cri';
  const pods = pausePerPod(l.rows);
  const what = cri ? 'pod sandbox(es) (pause)' : 'pause container(s)';
  return [
    `$ ${l.command}   (${l.endpoint})`,
    ...(cri ? criTables(l) : columns(rows)),
    '',
    `${[...pods.values()].reduce((a, b) => a + b, 0)} ${what} for ${pods.size} pod(s): one per pod, holding its network namespace.`,
    cri ? `How to read it: ${HOW_TO_READ_CRI}` : `How to read a name: ${HOW_TO_READ}`,
    `On a real node: ${l.onARealNode.join('   ·   ')}`,
  ].join('\n') + '\n';
}

export async function run(args: string[], config?: PodlabConfig): Promise<number> {
  const bad = args.find((a) => a !== '--json');
  if (bad) {
    process.stderr.write(`podlab node: unknown argument "${bad}" (usage: podlab node [--json])\n`);
    return EXIT_INVALID;
  }
  const engine = await PodlabEngine.connect(process.env, config);
  try {
    const listing = await engine.nodeListing();
    process.stdout.write(args.includes('--json') ? JSON.stringify(listing, null, 2) + '\n' : nodeText(listing));
    return 0;
  } finally {
    await engine.close();
  }
}
