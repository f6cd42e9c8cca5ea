// Turns a PodSpec back into a Kubernetes v1 Pod object (what podlab stores on labels and what `export` prints).
import type { ContainerSpec, PodSpec } from './types';

export interface ContainerManifest {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  ports?: { containerPort: number; hostPort?: number; hostIP?: string; protocol: 'TCP' | 'UDP'; name?: string }[];
}

export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: ContainerManifest[]; restartPolicy: string; shareProcessNamespace?: boolean; hostname?: string };
}

export function containerToManifest(c: ContainerSpec): ContainerManifest {
  const out: ContainerManifest = { name: c.name, image: c.image };
  if (c.command) out.command = [...c.command];
  if (c.args) out.args = [...c.args];
  if (c.env?.length) out.env = c.env.map((e) => ({ name: e.name, value: e.value }));
  if (c.ports.length) {
    out.ports = c.ports.map((p) => {
      const port: NonNullable<ContainerManifest['ports']>[number] = { containerPort: p.containerPort, protocol: p.protocol === 'udp' ? 'UDP' : 'TCP' };
      if (p.hostPort) port.hostPort = p.hostPort;
      if (p.hostIP) port.hostIP = p.hostIP;
      if (p.name) port.name = p.name;
      return port;
    });
  }
  return out;
}

export function podToManifest(pod: PodSpec): PodManifest {
  const metadata: PodManifest['metadata'] = { name: pod.name };
  if (Object.keys(pod.labels).length) metadata.labels = { ...pod.labels };
  if (pod.annotations && Object.keys(pod.annotations).length) metadata.annotations = { ...pod.annotations };
  const spec: PodManifest['spec'] = { containers: pod.containers.map(containerToManifest), restartPolicy: pod.restartPolicy };
  if (pod.shareProcessNamespace) spec.shareProcessNamespace = true;
  if (pod.hostname) spec.hostname = pod.hostname;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
