// `podlab launch … --plain`: the same manifest as plain Docker containers (own netns, veth, IP each). Exit codes as
// launch: 0 all running, 3 created but something failed, 2 invalid input (nothing created), 1 engine error.
import type { ParseResult } from '../../shared/manifest/types';
import type { PodlabConfig } from '../engine/config';
import type { PushEvent } from '../../shared/api';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK } from './command';
import { failWith, pullReporter } from './pod-output';
import { printPlainResult } from './plaintext';

export async function runPlainLaunch(text: string, template: string | null, name: string | undefined, wait: boolean, json: boolean, parsed: ParseResult, config?: PodlabConfig): Promise<number> {
  if (!parsed.ok) {
    process.stderr.write(`podlab launch: invalid manifest, nothing was created:\n${parsed.errors.map((e) => `  ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n')}\n`);
    return EXIT_INVALID;
  }
  const { PodlabEngine } = await import('../engine/engine');
  const engine = await PodlabEngine.connect(process.env, config);
  const report = pullReporter();
  engine.on('push', (ev: PushEvent) => {
    if (ev.type === 'pull') report(ev.progress);
  });
  try {
    const req = template ? { template, name, wait } : { manifest: text, name, wait };
    const r = await engine.launchPlain(req, { text, result: parsed });
    if (json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else printPlainResult(r);
    if (json && !r.ok) process.stderr.write(`podlab: plain group ${r.group} was created but not everything runs\n`);
    return r.ok ? EXIT_OK : EXIT_FAILED;
  } catch (err) {
    return failWith('launch', err);
  } finally {
    await engine.close();
  }
}
