// podlab watch [--json]: streams pod, container and engine changes of the live model until interrupted;
// survives daemon restarts (engine lines "disconnected"/"reconnected").
import type { PodlabConfig } from '../../engine/config';
import type { Model } from '../../../shared/model';
import { EXIT_INVALID } from '../command';
import { parseFlags, usageProblem } from '../flags';
import { PodlabEngine } from '../../engine/engine';
import type { ChangeCause } from '../../engine/engine-events';
import { lineText, modelLines, type WatchLine } from '../watchlines';
import { plainLineText, plainLines } from '../plainlines';

export async function run(args: string[], config: PodlabConfig): Promise<number> {
  const problem = usageProblem(() => parseFlags(args, { bool: ['json'] }), 0);
  if (problem) {
    process.stderr.write(`podlab watch: ${problem} (usage: podlab watch [--json])\n`);
    return EXIT_INVALID;
  }
  const json = args.includes('--json');
  const print = (l: WatchLine): void => {
    process.stdout.write((json ? JSON.stringify(l) : l.type === 'plain' ? plainLineText(l) : lineText(l)) + '\n');
  };
  const engine = await PodlabEngine.connect(process.env, config);
  let last: Model | null = null;
  const onModel = (model: Model, cause?: ChangeCause): void => {
    // A change the engine reported carries the engine event's own time (and its exact timeNano); else the time we saw it.
    const at = cause?.at ?? new Date().toISOString();
    // Snapshot what we compare against: the live model is updated in place.
    const copy = JSON.parse(JSON.stringify(model)) as Model;
    for (const l of [...modelLines(last, copy, at), ...plainLines(last, copy, at)]) print(cause ? { ...l, timeNano: cause.timeNano, ...(cause.source ? { source: cause.source } : {}) } : l);
    last = copy;
  };
  engine.on('change', (model, cause) => {
    if (last) onModel(model, cause);
  });
  engine.on('engine', (e) => print({ type: 'engine', state: e.state, at: e.at, ...(e.reason ? { reason: e.reason } : {}) }));
  // PODLAB_WATCH_STATS=1: the cost of each periodic socket refresh on stderr (for the bench; stdout stays the contract).
  if (engine.config.watchStats) engine.on('refresh', (ms, kind) => process.stderr.write(`refresh ${kind} ${ms.toFixed(2)}\n`));
  const model = await engine.startLive();
  print({ type: 'engine', state: model.connection === 'connected' ? 'connected' : 'disconnected', endpoint: model.engine.endpoint, probe: model.engine.probe, at: new Date().toISOString() });
  onModel(model);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      // A second signal (runuser/su forward the one the group already got) must not cut the clean-up short.
      if (stopping) return;
      stopping = true;
      // A restart under way ends first (close), and a helper probe may be running (docker-group user): let it
      // remove its container too (bounded).
      void Promise.race([Promise.all([engine.close(), engine.idle()]), new Promise((r) => setTimeout(r, 5000))]).then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
