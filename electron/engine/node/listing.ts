// The node's own view: the runtime's listing in its own words (runtime.node: `docker ps -a` for Docker; a CRI backend
// implements the same NodeApi over ListPodSandbox/ListContainers), each row mapped to the current model.
import type { Model } from '../../../shared/model';
import { modelRefOf, parseCriName, REAL_NODE_COMMANDS, REAL_NODE_COMMANDS_CRI, type CriName, type NodeListing, type NodeRow } from '../../../shared/node';
import type { EngineConnection } from '../docker';
import { PodInputError } from '../pods/errors';
import type { RuntimeListingRow } from '../runtime/plain';
import { roleOf } from '../runtime/vocabulary';

/** One row of the listing: the runtime's words, pause containers marked, its place in the model beside it. */
export function nodeRow(r: RuntimeListingRow, model: Model): NodeRow {
  // A CRI runtime says what the row is; Docker's rows are read from cri-dockerd's k8s_ names.
  const c = r.cri;
  const cri: CriName | null = c ? { container: c.kind === 'sandbox' ? 'POD' : r.name, pod: c.pod, namespace: c.namespace, uid: c.uid, attempt: c.attempt } : parseCriName(r.name);
  return {
    // docker ps and crictl cut ids at 12 and 13 characters.
    id: r.id.slice(0, c ? 13 : 12),
    image: r.image,
    command: r.command,
    created: r.created,
    status: r.status,
    state: r.state,
    name: r.name,
    pause: c ? c.kind === 'sandbox' : cri?.container === 'POD' || roleOf(r.labels) === 'sandbox',
    cri,
    model: modelRefOf(model, r.id, r.labels),
    ...(c ? { kind: c.kind, podId: c.podId.slice(0, 13) } : {}),
  };
}

export async function nodeListing(conn: EngineConnection, model: Model): Promise<NodeListing> {
  const node = conn.runtime.node;
  if (!node) throw new PodInputError(`the runtime at ${conn.endpoint} offers no listing of its own yet`);
  const { command, rows } = await node.listing();
  const cri = conn.runtime.info.kind === 'cri';
  return { runtime: cri ? 'cri' : 'docker', endpoint: conn.endpoint, command, rows: rows.map((r) => nodeRow(r, model)), onARealNode: [...(cri ? REAL_NODE_COMMANDS_CRI : REAL_NODE_COMMANDS)] };
}
