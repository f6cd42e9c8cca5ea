// Rediscovers podlab's pods from the engine by their io.podlab.* labels (owner: pod engine, issue 2).
import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import type { PodSpec } from '../../../shared/manifest/types';

export interface RawPod {
  name: string;
  /** The newest sandbox (highest attempt), or null when only app containers are left. */
  sandbox: ContainerInspectInfo | null;
  apps: ContainerInspectInfo[];
  /** The manifest podlab launched (stored on the sandbox's io.podlab.manifest label), when known. */
  spec: PodSpec | null;
}

/** Lists podlab's containers (label io.podlab.pod) and groups them by pod; `only` limits to those pod names. */
export async function discoverPods(_docker: Docker, _only?: string[]): Promise<RawPod[]> {
  throw new Error('discoverPods: not implemented yet');
}
