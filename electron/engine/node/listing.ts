// The node's own view: the runtime's listing in its own words (runtime.node: `docker ps -a` for Docker; a CRI backend
// implements the same NodeApi over ListPodSandbox/ListContainers), each row mapped to the current model.
import type { Model } from '../../../shared/model';
import { modelRefOf, parseCriName, REAL_NODE_COMMANDS, type NodeListing, type NodeRow } from '../../../shared/node';
import type { EngineConnection } from '../docker';
import { PodInputError } from '../pods/errors';
import type { RuntimeListingRow } from '../runtime/plain';
import { roleOf } from '../runtime/vocabulary';

/** One row of the listing: the runtime's words, pause containers marked, its place in the model beside it. */
export function nodeRow(r: RuntimeListingRow, model: Model): NodeRow {
  const cri = parseCriName(r.name);
  return {
    id: r.id.slice(0, 12),
    image: r.image,
    command: r.command,
    created: r.created,
    status: r.status,
    state: r.state,
    name: r.name,
    pause: cri?.container === 'POD' || roleOf(r.labels) === 'sandbox',
    cri,
    model: modelRefOf(model, r.id, r.labels),
  };
}

export async function nodeListing(conn: EngineConnection, model: Model): Promise<NodeListing> {
  const node = conn.runtime.node;
  if (!node) throw new PodInputError(`the runtime at ${conn.endpoint} offers no listing of its own yet`);
  const { command, rows } = await node.listing();
  return { runtime: conn.runtime.info.kind === 'cri' ? 'cri' : 'docker', endpoint: conn.endpoint, command, rows: rows.map((r) => nodeRow(r, model)), onARealNode: [...REAL_NODE_COMMANDS] };
}
