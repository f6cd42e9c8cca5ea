// podlab export <pod>: prints the pod as a Kubernetes v1 Pod manifest that launches the same pod again
// (podlab launch file.yaml --name copy, or kubectl apply -f). Unknown pod: exit 2.
import type { PodlabConfig } from '../../engine/config';
import { EXIT_INVALID, EXIT_OK } from '../command';
import { parseFlags, usageProblem } from '../flags';
import { PodlabEngine } from '../../engine/engine';
import { UnknownPodError } from '../../engine/errors';

const USAGE = 'usage: podlab export <pod>   (prints YAML; save it with: podlab export <pod> > pod.yaml)';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const parse = (): ReturnType<typeof parseFlags> => parseFlags(args, {});
  const problem = usageProblem(parse, 1);
  if (problem) {
    process.stderr.write(`podlab export: ${problem.startsWith('unknown option') ? problem : 'give exactly one pod name'}\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  const pod = parse().positional[0] ?? '';
  const engine = await PodlabEngine.connect(process.env, config);
  try {
    process.stdout.write(await engine.exportManifest(pod));
    return EXIT_OK;
  } catch (err) {
    if (!(err instanceof UnknownPodError)) throw err;
    process.stderr.write(`podlab export: ${err.message}\n`);
    return EXIT_INVALID;
  } finally {
    await engine.close();
  }
}
