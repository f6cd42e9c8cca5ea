// podlab launch <template-or-file> [--name N] [--wait] [--json]: validates first (exit 2, nothing created), prints the
// API server's warnings and podlab's port-collision predictions, then launches through the engine facade (exit 0
// running, 3 failed, 1 engine). A file with several Pods launches each of them (launch-several.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseManifest, MAX_MANIFEST_BYTES } from '../../../shared/manifest/parse';
import { podKey } from '../../../shared/manifest/key';
import { splitPodTexts } from '../../../shared/manifest/multi';
import { dns1123SubdomainError } from '../../../shared/manifest/validate';
import { isPrediction, manifestWarnings } from '../../../shared/manifest/warnings';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, UsageError } from '../command';
import { lastValue, parseFlags } from '../flags';
import { failWith, printResult, pullReporter } from '../pod-output';
import { templateManifest, templateNames, type TemplateConfig } from '../../engine/templates';
import type { PodlabConfig } from '../../engine/config';
import type { LaunchResult } from '../../../shared/api';

const USAGE = 'usage: podlab launch <template-or-file>... [--name N] [--wait] [--json] [--dry-run] [--plain]';

async function readSource(x: string, config: TemplateConfig): Promise<{ text: string; template: string | null }> {
  const names = await templateNames(config);
  // A file that exists wins over a template of the same name (what the user pointed at), and podlab says so.
  const isFile = x !== '-' && existsSync(x) && statSync(x).isFile();
  if (names.includes(x) && !isFile) return { text: (await templateManifest(x, config)) ?? '', template: x };
  if (names.includes(x)) process.stderr.write(`podlab launch: "${x}" is a file here and also a built-in template's name; launching the file (rename it to launch the template)\n`);
  if (x === '-') return { text: await readStdin(), template: null };
  if (!existsSync(x)) throw new UsageError(`"${x}" is neither a built-in template (${names.join(', ')}) nor a file`);
  const s = statSync(x);
  if (!s.isFile()) throw new UsageError(`"${x}" is not a file`);
  if (s.size > MAX_MANIFEST_BYTES) throw new UsageError(`${x} is ${s.size} bytes; a Pod manifest must be at most 256 KiB`);
  return { text: readFileSync(x, 'utf8'), template: null };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_MANIFEST_BYTES) throw new UsageError('the manifest on stdin is larger than 256 KiB');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  try {
    const p = parseFlags(args, { bool: ['wait', 'json', 'dry-run', 'plain'], value: ['name'] });
    if (p.positional.length < 1) throw new UsageError(USAGE);
    const name = lastValue(p, 'name');
    if (name !== undefined && dns1123SubdomainError(name)) throw new UsageError(`invalid --name "${name}": ${dns1123SubdomainError(name)}`);
    // Several files are one manifest, as `kubectl apply -f a.yaml -f b.yaml` (a ConfigMap file and its Pod).
    const sources = await Promise.all(p.positional.map((x) => readSource(x, config)));
    if (sources.length > 1 && sources.some((x) => x.template)) throw new UsageError('a built-in template is launched alone; give files only when you give several');
    const text = sources.map((x) => x.text).join('\n---\n');
    const template = sources.length === 1 ? sources[0].template : null;
    // Several Pods in the file(s): each launched, as `kubectl apply -f` does (their ConfigMaps and Secrets with each).
    const several = splitPodTexts(text);
    if (several) {
      const f = { name, wait: p.bool.has('wait'), json: p.bool.has('json'), dryRun: p.bool.has('dry-run'), plain: p.bool.has('plain') };
      return await (await import('../launch-several')).launchSeveral(several, f, config);
    }
    const parsed = parseManifest(text);
    if (p.bool.has('plain')) return (await import('../plain-launch')).runPlainLaunch(text, template, name, p.bool.has('wait'), p.bool.has('json'), parsed, config);
    // The API server's warnings in kubectl's form, then podlab's own predictions (their own prefix, no "Warning:").
    const told = parsed.ok ? manifestWarnings(parsed.pod, parsed.warnings) : parsed.warnings;
    for (const w of told) process.stderr.write(isPrediction(w) ? `${w}\n` : `Warning: ${w}\n`);
    if (!parsed.ok) {
      process.stderr.write(`podlab launch: invalid manifest, nothing was created:\n${parsed.errors.map((e) => `  ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n')}\n`);
      return EXIT_INVALID;
    }
    if (p.bool.has('dry-run')) {
      const { dryRun } = await import('../../engine/dryrun');
      process.stdout.write(dryRun(name ? { ...parsed.pod, name } : parsed.pod, parsed.objects ?? [], config.pauseImage).join('\n') + '\n');
      return EXIT_OK;
    }
    const { PodlabEngine } = await import('../../engine/engine');
    const wait = p.bool.has('wait');
    const req = template ? { template, name, wait } : { manifest: text, name, wait };
    const report = pullReporter();
    // Quick: the first engine socket that exists, not pinged first — the launch's own first requests tell whether it
    // answers (and when they cannot reach it, nothing was created and the engine looks again properly).
    const engine = await PodlabEngine.connectQuick(process.env, config);
    engine.on('push', (ev) => {
      if (ev.type === 'pull') report(ev.progress);
    });
    let result: LaunchResult;
    try {
      result = await engine.launch(req);
    } finally {
      await engine.close();
    }
    const wanted = podKey({ name: name ?? parsed.pod.name, namespace: parsed.pod.namespace });
    // The runtime's own (what the CRI has no field for) come with the result: said once, beside the manifest's.
    for (const w of result.warnings) if (!told.includes(w)) process.stderr.write(`Warning: ${w}\n`);
    if (result.pod.name !== wanted) process.stderr.write(`podlab launch: pod ${wanted} already exists; launched this one as ${result.pod.name}\n`);
    if (p.bool.has('json')) {
      process.stdout.write(JSON.stringify({ ...result.pod, warnings: result.warnings }, null, 2) + '\n');
      if (!result.ok) printResult(result, 'launched', true);
    } else printResult(result, 'launched');
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } catch (err) {
    return failWith('launch', err);
  }
}
