// Adds the containers outside any pod to a model: each its own netns box, its veth named on the host side.
import type { NetworkInspectInfo } from 'dockerode';
import type { Model } from '../../../shared/model';
import type { ProbeFacts } from '../probe/types';
import { assemblePlain } from './assemble';
import type { RawPlain } from './discover';

/** Sets model.plainContainers from these containers and marks the host veths that serve them. */
export function withPlainContainers(model: Model, raws: RawPlain[], facts: ProbeFacts, networks: NetworkInspectInfo[]): Model {
  const plain = raws.map((r) => assemblePlain(r, facts, networks));
  for (const v of model.host.veths) {
    const c = plain.find((p) => p.hostVeth === v.name);
    if (c) v.container = c.name;
  }
  model.plainContainers = plain;
  return model;
}
