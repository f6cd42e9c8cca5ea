// One model of the engine's pods, built once for a command that reads it and ends (`podlab ls`): the connection and the
// model builder only. The facade (./engine.ts) brings launch, templates and the YAML parser with it, ~300 KB of bundle
// that such a command would load and never run.
import type { Model } from '../../shared/model';
import type { PodlabConfig } from './config';
import { connectEngine } from './docker';
import { buildModel } from './model/build';
import { trace } from './trace';

/** Connects (asking for the listing beside the version: the model is of every pod) and builds the model. */
export async function modelOnce(env: NodeJS.ProcessEnv, config: PodlabConfig, opts: { plain?: boolean }): Promise<Model> {
  const conn = await connectEngine(env, { config, listAhead: true });
  trace('connected');
  return buildModel(conn, opts);
}
