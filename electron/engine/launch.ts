// Launching for a front end: the manifest (a template or a text), the pod engine's launch, and the pod read back at
// once. What keeps `podlab launch` fast lives here, behind the facade's plain launch(req):
// - the connection may be a quick one (no ping, no version): a launch whose first requests find no engine there has
//   created nothing, so it looks again properly (every candidate endpoint pinged) and launches once more;
// - the model builder is loaded while the runtime answers the launch's first requests;
// - the pod is read back from the containers the launch made (no listing) while its TCP tables are read.
import type { LaunchRequest, LaunchResult, PullProgress } from '../../shared/api';
import { parseManifest } from '../../shared/manifest/parse';
import type { ParseResult } from '../../shared/manifest/types';
import { manifestWarnings } from '../../shared/manifest/warnings';
import { connectEngine, type EngineConnection } from './docker';
import type { LaunchedPod } from './pods/discover';
import type { Runtime } from './runtime/runtime';
import { EngineUnreachableError } from './pods/errors';
import { launchPodDetailed } from './pods/launch';
import { templateManifest } from './templates';
import { hookEvent, hookFailures, type HookFailure } from './pods/hooks';
import { byCodePoint } from '../../shared/order';

const modelBuilder = () => import('./model/build');

/** A connection that may have been made without asking the engine anything, and how to make a proper one. */
export interface LaunchConnection {
  conn: EngineConnection;
  /** True when `conn` was taken without a ping (the first request tells whether it answers). */
  quick: boolean;
  /** The environment the connection was made from, for the quick connection's second look. */
  env?: NodeJS.ProcessEnv;
}

/** `parse`: how the text is parsed (serve and Electron pass their worker thread; the CLI parses in-process). */
export async function launchFromRequest(
  c: LaunchConnection,
  req: LaunchRequest,
  onPull: (p: PullProgress) => void,
  parse: (text: string) => ParseResult | Promise<ParseResult> = parseManifest,
): Promise<LaunchResult> {
  const text = req.manifest ?? (req.template ? await templateManifest(req.template, c.conn.config) : null);
  if (text == null) throw new Error(`Unknown template "${req.template ?? ''}". Choose one of the built-in templates or paste a manifest.`);
  // The same text a CLI has just validated is not parsed twice (parseManifest keeps its last result).
  const parsed = await parse(text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n'));
  const spec = req.name ? { ...parsed.pod, name: req.name } : parsed.pod;
  // The model builder loads once the launch's first requests are out, while the runtime answers them.
  setImmediate(() => modelBuilder().catch(() => undefined));
  const opts = { wait: req.wait, autoName: !req.name && !req.manifest, onPull, objects: parsed.objects };
  // A lifecycle hook that fails during the launch is told with the result (the engine records no event for it).
  const hooks: HookFailure[] = [];
  const onHook = (f: HookFailure): void => void hooks.push(f);
  hookFailures.on('failure', onHook);
  try {
    const { name, launched, runtime } = await launchPodDetailed(c.conn, spec, opts).catch(async (err: unknown) => {
      if (!(c.quick && err instanceof EngineUnreachableError)) throw err;
      // The quick connection's second look keeps the configuration its entry point loaded.
      c.conn = await connectEngine(c.env ?? process.env, { describe: false, config: c.conn.config });
      c.quick = false;
      return launchPodDetailed(c.conn, spec, opts);
    });
    const result = await podResult(c.conn, name, manifestWarnings(spec, parsed.warnings), launched, runtime);
    return withHookFailures(result, hooks.filter((f) => f.pod === name));
  } finally {
    hookFailures.off('failure', onHook);
  }
}

/** The launch's hook failures as the kubelet reports them: Warning events on the pod, and lines among the warnings. */
function withHookFailures(r: LaunchResult, failures: HookFailure[]): LaunchResult {
  if (failures.length === 0) return r;
  const events = [...(r.pod.events ?? []), ...failures.map(hookEvent)].sort((a, b) => byCodePoint(a.at, b.at));
  const lines = failures.map((f) => `${f.reason}: container ${f.container}: ${f.detail}`);
  return { ...r, ok: false, pod: { ...r.pod, events }, warnings: [...r.warnings, ...lines] };
}

/**
 * The pod as it is right after a launch or an add; `ok` when every container and the sandbox run without conflict.
 * `runtime`: the launch's, holding what it read of the pod already (pods/read-ahead.ts).
 */
export async function podResult(conn: EngineConnection, name: string, warnings: string[], launched?: LaunchedPod, runtime?: Runtime): Promise<LaunchResult> {
  const builder = await modelBuilder();
  const model = await builder.buildModel(runtime ? { ...conn, runtime } : conn, { pods: [name], events: false, launched });
  const pod = model.pods.find((p) => p.name === name);
  if (!pod) throw new Error(`Pod ${name} disappeared right after it was created.`);
  // A container failing its liveness probe runs, but a kubelet would be restarting it: not ok.
  const ok = pod.conflicts.length === 0 && pod.containers.every((c) => c.state === 'running' && c.live !== false) && pod.sandbox?.state === 'running';
  return { pod, warnings, ok };
}
