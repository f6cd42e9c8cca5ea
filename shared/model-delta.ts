// A model change sent as only what changed: the pods that changed, every pod's name in order, and the rest of the
// model (engine, host, connection, plain containers) only when it changed. A killed container then costs the front
// end one pod's JSON instead of a hundred; the front end rebuilds the model from the one it holds (applyModelDelta).
import type { Model, PodModel } from './model';

/** Everything of a model but its pods. */
export type ModelRest = Omit<Model, 'pods'>;

/** The `pods` push: a delta on the model the front end received before it (pushes arrive in order). */
export interface ModelDeltaPush {
  type: 'pods';
  /** The pods that changed or are new, whole. */
  pods: PodModel[];
  /** Every pod's name now, in the model's order (a name gone from it is a pod removed). */
  names: string[];
  /** The model's other fields, present only when one of them changed. */
  rest?: ModelRest;
}

/** Builds deltas for one stream of models: remembers what it last saw of the rest of the model. */
export class ModelDeltas {
  private restJson: string | null = null;

  /** A full model was sent: later deltas are relative to it. */
  sent(model: Model): void {
    this.restJson = JSON.stringify(restOf(model));
  }

  /** The delta from the last model to `model`, whose changed pods are named in `changed`. */
  delta(model: Model, changed: readonly string[]): ModelDeltaPush {
    const rest = restOf(model);
    const json = JSON.stringify(rest);
    const want = new Set(changed);
    const push: ModelDeltaPush = { type: 'pods', pods: model.pods.filter((p) => want.has(p.name)), names: model.pods.map((p) => p.name) };
    if (json !== this.restJson) push.rest = rest;
    this.restJson = json;
    return push;
  }
}

function restOf(model: Model): ModelRest {
  const { pods: _pods, ...rest } = model;
  void _pods;
  return rest;
}

/**
 * The model after a delta. Unchanged pods keep their identity (a view redraws only what changed). null when the delta
 * does not fit the model held (a pod it names is neither in it nor in the delta): the front end then reads the model.
 */
export function applyModelDelta(model: Model | null, push: ModelDeltaPush): Model | null {
  if (!model) return null;
  const fresh = new Map(push.pods.map((p) => [p.name, p]));
  const held = new Map(model.pods.map((p) => [p.name, p]));
  const pods: PodModel[] = [];
  for (const name of push.names) {
    const pod = fresh.get(name) ?? held.get(name);
    if (!pod) return null;
    pods.push(pod);
  }
  const rest: ModelRest = push.rest ?? restOf(model);
  return { ...rest, pods };
}
