// podlab add <pod> <container> --image IMG [--port N[/tcp|udp]] [--wait] [--json] [-- CMD...]: joins a new container
// to a running pod (e.g. a second server on a taken port, to watch the conflict happen live).
import type { PodlabConfig } from '../../engine/config';
import { imageReferenceError } from '../../../shared/manifest/image';
import { dns1123LabelError } from '../../../shared/manifest/validate';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../command';
import { lastValue, parseFlags } from '../flags';
import { failWith, printResult, pullReporter } from '../pod-output';

const USAGE = 'usage: podlab add <pod> <container> --image IMG [--port N[/tcp|udp]] [--wait] [--json] [-- CMD...]';

export function parsePort(text: string): { containerPort: number; protocol: 'tcp' | 'udp' } {
  const m = /^(\d{1,5})(?:\/(tcp|udp|TCP|UDP))?$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > 65535) throw new UsageError(`--port ${text}: expected N or N/tcp or N/udp with N between 1 and 65535`);
  return { containerPort: n, protocol: (m[2]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp' };
}

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  try {
    const p = parseFlags(args, { bool: ['wait', 'json'], value: ['image', 'port'] });
    if (p.positional.length !== 2) throw new UsageError(USAGE);
    const [pod, container] = p.positional;
    const image = lastValue(p, 'image');
    if (!image) throw new UsageError(`--image is required\n${USAGE}`);
    const nameErr = dns1123LabelError(container);
    if (nameErr) throw new UsageError(`invalid container name "${container}": ${nameErr}`);
    const imageErr = imageReferenceError(image);
    if (imageErr) throw new UsageError(`invalid --image ${JSON.stringify(image)}: ${imageErr}`);
    const portText = lastValue(p, 'port');
    const port = portText ? parsePort(portText) : undefined;
    const { PodlabEngine } = await import('../../engine/engine');
    const engine = await PodlabEngine.connect(process.env, config);
    try {
      const report = pullReporter();
      engine.on('push', (ev) => {
        if (ev.type === 'pull') report(ev.progress);
      });
      const result = await engine.addContainer({
        pod,
        container,
        image,
        port,
        command: p.rest.length ? p.rest : undefined,
        wait: p.bool.has('wait'),
      });
      if (p.bool.has('json')) {
        process.stdout.write(JSON.stringify({ ...result.pod, warnings: result.warnings }, null, 2) + '\n');
        if (!result.ok) printResult(result, `now has ${container}`, true);
      } else printResult(result, `now has ${container}`);
      return result.ok ? EXIT_OK : EXIT_FAILED;
    } finally {
      await engine.close();
    }
  } catch (err) {
    return failWith('add', err);
  }
}
