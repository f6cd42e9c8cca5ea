// Turns a PodSpec back into a Kubernetes v1 Pod object (what podlab stores on labels and what `export` prints). The
// spec's types follow Kubernetes' JSON shapes, so most fields go back as they are; podlab's own groupings (`other`,
// `cluster`) are spread back into place.
import type { ContainerExtras, ContainerSpec, EnvVarSource, PodExtras, PodSpec, SecurityContextSpec } from './types';

type ContainerOut = Omit<ContainerExtras, 'other' | 'securityContext'> & { securityContext?: Record<string, unknown> } & Record<string, unknown>;

export interface ContainerManifest extends ContainerOut {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: ({ name: string; value: string } | { name: string; valueFrom: EnvVarSource })[];
  ports?: { containerPort: number; hostPort?: number; hostIP?: string; protocol: 'TCP' | 'UDP'; name?: string; appProtocol?: string }[];
}

type PodSpecOut = Omit<PodExtras, 'namespace' | 'generateName' | 'initContainers' | 'cluster' | 'securityContext'> & Record<string, unknown>;

export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: { name: string; namespace?: string; generateName?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpecOut & {
    containers: ContainerManifest[];
    initContainers?: ContainerManifest[];
    restartPolicy: string;
    shareProcessNamespace?: boolean;
    hostname?: string;
    securityContext?: Record<string, unknown>;
  };
}

function securityOut(sc: SecurityContextSpec | undefined): Record<string, unknown> | undefined {
  if (!sc) return undefined;
  const { other, ...rest } = sc;
  return { ...rest, ...(other ?? {}) };
}

export function containerToManifest(c: ContainerSpec): ContainerManifest {
  const { name, image, command, args, env, ports, other, securityContext, ...extras } = c;
  const out: ContainerManifest = { name, image };
  if (command) out.command = [...command];
  if (args) out.args = [...args];
  if (env?.length) out.env = env.map((e) => (e.valueFrom ? { name: e.name, valueFrom: e.valueFrom } : { name: e.name, value: e.value }));
  if (ports.length) {
    out.ports = ports.map((p) => {
      const port: NonNullable<ContainerManifest['ports']>[number] = { containerPort: p.containerPort, protocol: p.protocol === 'udp' ? 'UDP' : 'TCP' };
      if (p.hostPort) port.hostPort = p.hostPort;
      if (p.hostIP) port.hostIP = p.hostIP;
      if (p.name) port.name = p.name;
      if (p.appProtocol) port.appProtocol = p.appProtocol;
      return port;
    });
  }
  const sc = securityOut(securityContext);
  return { ...out, ...extras, ...(sc ? { securityContext: sc } : {}), ...(other ?? {}) };
}

export function podToManifest(pod: PodSpec): PodManifest {
  const { name, namespace, generateName, labels, annotations, containers, initContainers, restartPolicy, shareProcessNamespace, hostname, cluster, securityContext, ...extras } = pod;
  const metadata: PodManifest['metadata'] = { name };
  if (namespace) metadata.namespace = namespace;
  if (generateName) metadata.generateName = generateName;
  if (Object.keys(labels).length) metadata.labels = { ...labels };
  if (annotations && Object.keys(annotations).length) metadata.annotations = { ...annotations };
  const spec: PodManifest['spec'] = { containers: containers.map(containerToManifest), restartPolicy, ...extras, ...(cluster ?? {}) };
  if (initContainers?.length) spec.initContainers = initContainers.map(containerToManifest);
  if (shareProcessNamespace) spec.shareProcessNamespace = true;
  if (hostname) spec.hostname = hostname;
  const sc = securityOut(securityContext);
  if (sc) spec.securityContext = sc;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
