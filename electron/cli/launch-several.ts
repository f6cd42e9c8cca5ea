// `podlab launch FILE` for a file with several Pods, as `kubectl apply -f` takes it: every Pod is validated first
// (one invalid → exit 2, nothing created), then each is launched in file order with the file's ConfigMaps/Secrets.
// Exit: 0 all running; 3 something failed; 1 an engine error (the other Pods are still launched and reported).
import type { PodlabConfig } from '../engine/config';
import type { LaunchResult } from '../../shared/api';
import { checkSeveral, type PodText } from '../../shared/manifest/multi';
import { parseManifest } from '../../shared/manifest/parse';
import { isPrediction, manifestWarnings } from '../../shared/manifest/warnings';
import { EXIT_ENGINE, EXIT_FAILED, EXIT_INVALID, EXIT_OK, UsageError } from './command';
import { printResult, pullReporter } from './pod-output';

export interface SeveralFlags {
  name?: string;
  wait: boolean;
  json: boolean;
  dryRun: boolean;
  plain: boolean;
}

export async function launchSeveral(pods: PodText[], f: SeveralFlags, config: PodlabConfig): Promise<number> {
  const names = pods.map((p) => p.name).join(', ');
  if (f.name !== undefined) throw new UsageError(`--name names one pod; this file holds ${pods.length} Pods (${names}) — drop --name (each Pod keeps its metadata.name)`);
  if (f.plain) throw new UsageError(`--plain runs one Pod the Docker way; this file holds ${pods.length} Pods (${names}) — keep one Pod in the file`);
  const checked = await checkSeveral(pods, parseManifest);
  for (const [i, r] of checked.results.entries()) {
    for (const w of r.ok ? manifestWarnings(r.pod, r.warnings) : r.warnings) process.stderr.write(isPrediction(w) ? `pod ${pods[i]!.name}: ${w}\n` : `Warning: pod ${pods[i]!.name}: ${w}\n`);
  }
  if (!checked.ok) {
    process.stderr.write(`podlab launch: invalid manifest, nothing was created (the file holds ${pods.length} Pods: ${names}):\n${checked.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
    return EXIT_INVALID;
  }
  if (f.dryRun) {
    const { dryRun } = await import('../engine/dryrun');
    for (const r of checked.results) if (r.ok) process.stdout.write(dryRun(r.pod, r.objects ?? [], config.pauseImage).join('\n') + '\n');
    return EXIT_OK;
  }
  const { PodlabEngine } = await import('../engine/engine');
  const report = pullReporter();
  const engine = await PodlabEngine.connectQuick(process.env, config);
  engine.on('push', (ev) => {
    if (ev.type === 'pull') report(ev.progress);
  });
  const results: LaunchResult[] = [];
  let code = EXIT_OK;
  try {
    // In file order, one after the other, as kubectl applies them; an engine error on one does not stop the others.
    for (const p of pods) {
      try {
        const r = await engine.launch({ manifest: p.text, wait: f.wait });
        results.push(r);
        if (!r.ok && code === EXIT_OK) code = EXIT_FAILED;
        if (!f.json) printResult(r, 'launched');
        else if (!r.ok) printResult(r, 'launched', true);
      } catch (err) {
        process.stderr.write(`podlab launch: pod ${p.name}: ${err instanceof Error ? err.message : String(err)}\n`);
        code = EXIT_ENGINE;
      }
    }
  } finally {
    await engine.close();
  }
  if (f.json) process.stdout.write(JSON.stringify(results.map((r) => ({ ...r.pod, warnings: r.warnings })), null, 2) + '\n');
  return code;
}
