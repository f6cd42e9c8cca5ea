// The node listing of a Docker-API runtime: `docker ps -a` as the engine answers it, rows in its own words. A CRI
// backend implements the same NodeLister over RuntimeService.ListPodSandbox/ListContainers.
import type { ContainerInfo } from 'dockerode';
import type { Model } from '../../../shared/model';
import { LABEL_ROLE } from '../../../shared/model';
import { modelRefOf, parseCriName, REAL_NODE_COMMANDS, type NodeListing, type NodeRow } from '../../../shared/node';
import type { EngineConnection } from '../docker';

/** What every runtime backend offers for the Node view. */
export interface NodeLister {
  nodeListing(model: Model): Promise<NodeListing>;
}

/** One `docker ps -a` row from the engine's listing. */
export function dockerRow(c: ContainerInfo, model: Model): NodeRow {
  const name = (c.Names[0] ?? '').replace(/^\//, '');
  const cri = parseCriName(name);
  const labels = c.Labels ?? {};
  return {
    id: c.Id.slice(0, 12),
    image: c.Image,
    command: c.Command,
    created: new Date(c.Created * 1000).toISOString(),
    status: c.Status,
    state: c.State,
    name,
    pause: cri?.container === 'POD' || labels[LABEL_ROLE] === 'sandbox',
    cri,
    model: modelRefOf(model, c.Id, labels),
  };
}

export class DockerNodeLister implements NodeLister {
  constructor(private readonly conn: EngineConnection) {}

  async nodeListing(model: Model): Promise<NodeListing> {
    const list = await this.conn.docker.listContainers({ all: true });
    // docker ps shows the newest first.
    const rows = list.sort((a, b) => b.Created - a.Created).map((c) => dockerRow(c, model));
    return { runtime: 'docker', endpoint: this.conn.endpoint, command: 'docker ps -a', rows, onARealNode: [...REAL_NODE_COMMANDS] };
  }
}
