// Scheduling and cluster-only Pod fields: accepted with one warning each saying what a cluster would do with them and
// why podlab's one node does not; their shape is still checked, and they are kept verbatim for export.
import { isObj, list, obj, str, type Ctx } from './fields';
import { invalid } from './validate';

type Check = (ctx: Ctx, v: unknown, path: string) => string | null;

const mapOf = (example: string): Check => (ctx, v, path) => (obj(ctx, v, path, example) ? null : 'bad');
const listOf = (example: string): Check => (ctx, v, path) => (list(ctx, v, path, example, (x) => x) ? null : 'bad');
const text: Check = (ctx, v, path) => (str(ctx, v, path) === undefined ? 'bad' : null);
const flag: Check = (ctx, v, path) => (typeof v === 'boolean' ? null : (ctx.errors.push(invalid(path, v, 'must be true or false')), 'bad'));
const number: Check = (ctx, v, path) => (Number.isInteger(v) ? null : (ctx.errors.push(invalid(path, v, 'must be an integer')), 'bad'));

/** nodeAffinity's required term is one object with nodeSelectorTerms, not a list (a common slip the API server refuses). */
const affinity: Check = (ctx, v, path) => {
  const o = obj(ctx, v, path, '{nodeAffinity: {...}}');
  if (!o) return 'bad';
  const na = isObj(o.nodeAffinity) ? o.nodeAffinity : null;
  const req = na?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req !== undefined && !(isObj(req) && Array.isArray(req.nodeSelectorTerms))) {
    ctx.errors.push(invalid(`${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, req, 'must be a map with nodeSelectorTerms: [...] (a NodeSelector), not a list'));
    return 'bad';
  }
  return null;
};

interface ClusterField {
  check: Check;
  /** What a cluster does with it, and why one node does not. */
  warn: (v: unknown) => string;
}

const labelsOf = (v: unknown): string => (isObj(v) ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(', ') : '');

/** The fields, in the order the API server documents them. */
export const CLUSTER_FIELDS: Record<string, ClusterField> = {
  nodeSelector: { check: mapOf('{disktype: ssd}'), warn: (v) => `a scheduler would place this pod only on a node labelled ${labelsOf(v)}; podlab has one node and runs it there without checking node labels` },
  affinity: { check: affinity, warn: () => 'a scheduler would use these (anti-)affinity rules to choose among nodes and next to which pods to run; podlab has one node, so every rule is met or moot' },
  tolerations: { check: listOf('[{key: example-key, operator: Exists, effect: NoSchedule}]'), warn: () => 'tolerations let a scheduler place the pod on tainted nodes; podlab\'s one node has no taints' },
  topologySpreadConstraints: { check: listOf('[{maxSkew: 1, topologyKey: zone, ...}]'), warn: () => 'a scheduler would spread matching pods across zones or nodes; with one node every pod lands on it' },
  nodeName: { check: text, warn: (v) => `binds the pod to node "${String(v)}" without a scheduler; podlab runs it on its one node (spec.nodeName in env and downward API is "${String(v)}")` },
  schedulingGates: { check: listOf('[{name: example.com/foo}]'), warn: () => 'a scheduler keeps the pod Pending (SchedulingGated) until every gate is removed through the API; podlab has no API server and starts it at once' },
  priorityClassName: { check: text, warn: (v) => `the PriorityClass "${String(v)}" sets the pod's priority for scheduling and preemption; podlab schedules one pod at a time and ignores it` },
  priority: { check: number, warn: () => 'set by the API server from priorityClassName; podlab ignores it' },
  preemptionPolicy: { check: text, warn: () => 'decides whether a scheduler may evict lower-priority pods for this one; nothing is preempted on podlab' },
  schedulerName: { check: text, warn: (v) => `the pod waits for the scheduler "${String(v)}" to place it; podlab places it itself` },
  serviceAccountName: { check: text, warn: (v) => `the pod would run as ServiceAccount "${String(v)}" and get its API token; podlab has no API server, so no token is mounted` },
  serviceAccount: { check: text, warn: () => 'deprecated alias of serviceAccountName; podlab mounts no ServiceAccount token' },
  automountServiceAccountToken: { check: flag, warn: () => 'controls the ServiceAccount token mount at /var/run/secrets/kubernetes.io/serviceaccount; podlab never mounts one' },
  imagePullSecrets: { check: listOf('[{name: regcred}]'), warn: () => 'a kubelet would pull with these registry credentials; podlab pulls with the engine\'s own login (docker login)' },
  resourceClaims: { check: listOf('[{name: gpu, resourceClaimName: ...}]'), warn: () => 'dynamic resource claims are allocated by a cluster\'s DRA drivers; podlab has none, so no device is attached' },
  runtimeClassName: { check: text, warn: (v) => `a kubelet would run the pod with the RuntimeClass "${String(v)}" handler (e.g. gVisor, Kata); podlab uses the engine's default runtime` },
  overhead: { check: mapOf('{cpu: 250m}'), warn: () => 'set by the API server from the RuntimeClass for scheduling; podlab ignores it' },
  readinessGates: { check: listOf('[{conditionType: www.example.com/feature-1}]'), warn: () => 'extra conditions an external controller sets through the API before the pod counts as Ready; podlab has no API server and uses the containers\' readiness only' },
  activeDeadlineSeconds: { check: number, warn: () => 'a kubelet fails the pod (DeadlineExceeded) after this many seconds; podlab does not enforce it' },
  setHostnameAsFQDN: { check: flag, warn: () => 'the hostname becomes the pod\'s FQDN in a cluster\'s DNS domain; podlab has no cluster domain and keeps the short name' },
  hostnameOverride: { check: text, warn: () => 'alpha: podlab uses spec.hostname or the pod name' },
};

/** Checks and warns for each cluster-only field present in `spec`; returns those that were well-formed, verbatim. */
const FIELD_NAMES = Object.keys(CLUSTER_FIELDS);

export function parseClusterFields(ctx: Ctx, spec: Record<string, unknown>): Record<string, unknown> | undefined {
  // Nearly every manifest sets none of them: this loop is all it costs then. (`ls` reads a manifest per pod: a loop
  // that builds entries and templates would be hot enough for V8 to optimize it, synchronously in the CLI, ~2-7 ms.)
  let kept: Record<string, unknown> | undefined;
  for (let i = 0; i < FIELD_NAMES.length; i++) {
    const v = spec[FIELD_NAMES[i]!];
    if (v !== undefined && v !== null) kept = clusterField(ctx, FIELD_NAMES[i]!, v, kept);
  }
  return kept;
}

/** One cluster field that is set: checked, kept with its warning when valid. */
function clusterField(ctx: Ctx, k: string, v: unknown, kept: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const f = CLUSTER_FIELDS[k]!;
  if (f.check(ctx, v, `spec.${k}`) !== null) return kept;
  ctx.warnings.push(`spec.${k}: ${f.warn(v)}`);
  return { ...kept, [k]: v };
}
