// A container's environment as the kubelet makes it: envFrom first, then env in order, values from the pod's fields,
// resources, ConfigMaps and Secrets, and $(VAR) expanded against what is defined before (with $$ for a literal $).
import type { ConfigObject, ContainerSpec, PodSpec, ResourceFieldRef } from './types';
import { divided, parseQuantity } from './quantity';

/** What only the node knows when the container is created. */
export interface NodeFacts {
  podIP: string;
  hostIP: string;
  uid: string;
  /** The node's capacity, used for resourceFieldRef when no limit is set (as the kubelet uses allocatable). */
  cpus: number;
  memoryBytes: number;
}

const VAR = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;

/** Kubernetes' expansion: $(NAME) when NAME is defined, left as is otherwise; $$ is an escaped $. */
export function expand(s: string, vars: Map<string, string>): string {
  return s.replace(VAR, (m, name: string | undefined) => (name === undefined ? '$' : (vars.get(name) ?? m)));
}

function findObject(objects: ConfigObject[], pod: PodSpec, kind: ConfigObject['kind'], name: string): ConfigObject | undefined {
  const ns = pod.namespace ?? 'default';
  return objects.find((o) => o.kind === kind && o.name === name && (o.namespace ?? ns) === ns);
}

/** The value of a resourceFieldRef: the container's limit or request (limits fall back to the node's capacity). */
export function resourceValue(ref: ResourceFieldRef, pod: PodSpec, self: string, node: Pick<NodeFacts, 'cpus' | 'memoryBytes'>): string {
  const all = [...(pod.initContainers ?? []), ...pod.containers];
  const c = all.find((x) => x.name === (ref.containerName || self));
  const [kind, res] = ref.resource.split('.') as ['limits' | 'requests', string];
  const q = c?.resources?.[kind]?.[res] ?? pod.resources?.[kind]?.[res] ?? (kind === 'requests' ? c?.resources?.limits?.[res] : undefined);
  const value = q !== undefined ? (parseQuantity(q) ?? 0) : kind === 'limits' ? (res === 'cpu' ? node.cpus : res === 'memory' ? node.memoryBytes : 0) : 0;
  return divided(value, ref.divisor ?? (res === 'cpu' ? '1' : undefined));
}

/** The downward API's value of a field path (metadata.labels as `key="value"` lines, sorted, as the kubelet writes). */
export function fieldValue(path: string, pod: PodSpec, node: Pick<NodeFacts, 'podIP' | 'hostIP' | 'uid'>): string {
  const keyed = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(path);
  if (keyed) return (keyed[1] === 'labels' ? pod.labels : (pod.annotations ?? {}))[keyed[2]] ?? '';
  const lines = (m: Record<string, string> | undefined): string =>
    Object.keys(m ?? {})
      .sort()
      .map((k) => `${k}=${JSON.stringify(m![k])}`)
      .join('\n');
  const cluster = pod.cluster ?? {};
  switch (path) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace ?? 'default';
    case 'metadata.uid':
      return node.uid;
    case 'metadata.labels':
      return lines(pod.labels);
    case 'metadata.annotations':
      return lines(pod.annotations);
    case 'spec.nodeName':
      return typeof cluster.nodeName === 'string' ? cluster.nodeName : 'podlab';
    case 'spec.serviceAccountName':
      return typeof cluster.serviceAccountName === 'string' ? cluster.serviceAccountName : 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return node.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return node.hostIP;
    default:
      return '';
  }
}

/**
 * `NAME=value` lines for the engine. `fileValues` holds fileKeyRef values read from a volume after the init
 * containers ran ("volume/path/key" → value).
 */
export function containerEnv(c: ContainerSpec, pod: PodSpec, objects: ConfigObject[], node: NodeFacts, fileValues: Map<string, string> = new Map()): string[] {
  const vars = new Map<string, string>();
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef!;
    const o = findObject(objects, pod, from.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    for (const [k, v] of Object.entries(o?.data ?? {})) {
      const name = `${from.prefix ?? ''}${k}`;
      if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) vars.set(name, v); // the kubelet skips invalid names
    }
  }
  for (const e of c.env ?? []) {
    const vf = e.valueFrom;
    let value: string | undefined;
    if (!vf) value = expand(e.value, vars);
    else if ('fieldRef' in vf) value = fieldValue(vf.fieldRef.fieldPath, pod, node);
    else if ('resourceFieldRef' in vf) value = resourceValue(vf.resourceFieldRef, pod, c.name, node);
    else if ('configMapKeyRef' in vf) value = findObject(objects, pod, 'ConfigMap', vf.configMapKeyRef.name)?.data[vf.configMapKeyRef.key];
    else if ('secretKeyRef' in vf) value = findObject(objects, pod, 'Secret', vf.secretKeyRef.name)?.data[vf.secretKeyRef.key];
    else value = fileValues.get(`${vf.fileKeyRef.volumeName}/${vf.fileKeyRef.path}/${vf.fileKeyRef.key}`);
    if (value === undefined) continue; // an optional reference that is absent: the variable is not set
    vars.delete(e.name); // a later definition wins and moves to the end, as in the kubelet's list
    vars.set(e.name, value);
  }
  return [...vars].map(([k, v]) => `${k}=${v}`);
}

/** command and args with $(VAR) expanded against the container's environment. */
export function expandCommand(args: string[] | undefined, env: string[]): string[] | undefined {
  if (!args) return undefined;
  const vars = new Map(env.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return args.map((a) => expand(a, vars));
}

/** True when the container's environment needs the pod's IP, so it must be created after the sandbox has one. */
export function needsPodIP(c: ContainerSpec): boolean {
  return (c.env ?? []).some((e) => e.valueFrom && 'fieldRef' in e.valueFrom && e.valueFrom.fieldRef.fieldPath.startsWith('status.'));
}
