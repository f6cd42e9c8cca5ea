// Pod-level fields beyond containers/restartPolicy/shareProcessNamespace/hostname: the node's network, DNS, hosts
// file, grace period, pod securityContext and resources; host namespaces other than the network are refused.
import type { PodExtras } from './types';
import { bool, int, isObj, list, obj, oneOf, onlyFields, str, strList, type Ctx, type Obj } from './fields';
import { parseClusterFields, CLUSTER_FIELDS } from './cluster';
import { parseResources } from './container-extra';
import { parseSecurityContext } from './security';
import { parseVolumes } from './volumes';
import { dns1123LabelError, invalid, isIP, notSupported } from './validate';

/** Pod spec fields read here (besides those parse.ts reads itself). */
export const POD_EXTRA_FIELDS = [
  'initContainers', 'volumes', 'securityContext', 'resources', 'hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'dnsPolicy',
  'dnsConfig', 'hostAliases', 'subdomain', 'enableServiceLinks', 'terminationGracePeriodSeconds', 'os', 'ephemeralContainers',
  ...Object.keys(CLUSTER_FIELDS),
];

function refuseHostNamespaces(ctx: Ctx, v: Obj): void {
  if (v.hostPID === true) ctx.errors.push(notSupported('spec.hostPID', "the pod would see and signal every process of this machine; podlab does not run it (shareProcessNamespace: true shares one PID namespace inside the pod)"));
  if (v.hostIPC === true) ctx.errors.push(notSupported('spec.hostIPC', "the pod would share this machine's IPC namespace (shared memory of every process); podlab does not run it"));
  for (const k of ['hostPID', 'hostIPC'] as const) if (v[k] !== undefined && typeof v[k] !== 'boolean') ctx.errors.push(invalid(`spec.${k}`, v[k], 'must be true or false'));
}

function parseDnsConfig(ctx: Ctx, v: unknown): PodExtras['dnsConfig'] {
  const o = obj(ctx, v, 'spec.dnsConfig', '{nameservers: [192.0.2.1], searches: [...], options: [{name: ndots, value: "2"}]}');
  if (!o) return undefined;
  onlyFields(ctx, o, 'spec.dnsConfig', ['nameservers', 'searches', 'options']);
  const nameservers = strList(ctx, o.nameservers, 'spec.dnsConfig.nameservers');
  nameservers?.forEach((n, i) => {
    if (!isIP(n)) ctx.errors.push(invalid(`spec.dnsConfig.nameservers[${i}]`, n, 'must be a valid IP address'));
  });
  if ((nameservers?.length ?? 0) > 3) ctx.errors.push(invalid('spec.dnsConfig.nameservers', nameservers, 'must not have more than 3 nameservers'));
  const searches = strList(ctx, o.searches, 'spec.dnsConfig.searches');
  const options = list(ctx, o.options, 'spec.dnsConfig.options', '[{name: ndots, value: "2"}]', (x, p) => {
    if (!isObj(x)) return null;
    onlyFields(ctx, x, p, ['name', 'value']);
    const name = str(ctx, x.name, `${p}.name`);
    const value = str(ctx, x.value, `${p}.value`);
    return name ? { name, ...(value !== undefined ? { value } : {}) } : null;
  });
  return { ...(nameservers ? { nameservers } : {}), ...(searches ? { searches } : {}), ...(options ? { options } : {}) };
}

function parseHostAliases(ctx: Ctx, v: unknown): PodExtras['hostAliases'] {
  return list(ctx, v, 'spec.hostAliases', '[{ip: 127.0.0.1, hostnames: [foo.local]}]', (x, p) => {
    const o = obj(ctx, x, p, '{ip: 127.0.0.1, hostnames: [foo.local]}');
    if (!o) return null;
    onlyFields(ctx, o, p, ['ip', 'hostnames']);
    const ip = str(ctx, o.ip, `${p}.ip`);
    if (!ip || !isIP(ip)) ctx.errors.push(invalid(`${p}.ip`, o.ip, 'must be a valid IP address'));
    const hostnames = strList(ctx, o.hostnames, `${p}.hostnames`) ?? [];
    return ip && isIP(ip) ? { ip, hostnames } : null;
  });
}

/** The pod-level extras of `v` (spec); initContainers are parsed by parse.ts with the containers. */
export function parsePodExtras(ctx: Ctx, v: Obj): Omit<PodExtras, 'initContainers' | 'namespace' | 'generateName'> {
  const out: Omit<PodExtras, 'initContainers' | 'namespace' | 'generateName'> = {};
  refuseHostNamespaces(ctx, v);
  if (v.ephemeralContainers !== undefined) ctx.errors.push({ path: 'spec.ephemeralContainers', message: 'Forbidden: cannot be set on create — add them to a running pod with `podlab debug` (kubectl debug)' });
  if (v.hostUsers === false) ctx.warnings.push("spec.hostUsers: false asks for the pod's own user namespace; the engine here maps user namespaces only daemon-wide (dockerd --userns-remap), so root in the pod is root of this machine's user namespace");
  else if (v.hostUsers !== undefined && typeof v.hostUsers !== 'boolean') ctx.errors.push(invalid('spec.hostUsers', v.hostUsers, 'must be true or false'));
  const os = obj(ctx, v.os, 'spec.os', '{name: linux}');
  if (os) {
    onlyFields(ctx, os, 'spec.os', ['name']);
    if (oneOf(ctx, os.name, 'spec.os.name', ['linux', 'windows']) === 'windows') ctx.errors.push(notSupported('spec.os.name', 'podlab runs Linux containers; a Windows pod needs a Windows node'));
  }
  const volumes = parseVolumes(ctx, v.volumes);
  if (volumes?.length) out.volumes = volumes;
  const sc = parseSecurityContext(ctx, v.securityContext, 'spec.securityContext', true);
  if (sc) out.securityContext = sc;
  const resources = parseResources(ctx, v.resources, 'spec.resources');
  if (resources) {
    out.resources = resources;
    ctx.warnings.push('spec.resources: a kubelet puts the whole pod in one cgroup capped at these limits; the engine here has no pod cgroup, so podlab applies them to each container that sets no limit of its own');
  }
  const hostNetwork = bool(ctx, v.hostNetwork, 'spec.hostNetwork');
  if (hostNetwork) {
    out.hostNetwork = true;
    ctx.warnings.push("spec.hostNetwork: the pod shares this machine's network namespace: its IP is the node's and its containerPorts are the node's ports (no veth, no docker0)");
  }
  const dnsPolicy = oneOf(ctx, v.dnsPolicy, 'spec.dnsPolicy', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
  if (dnsPolicy) out.dnsPolicy = dnsPolicy;
  const dnsConfig = parseDnsConfig(ctx, v.dnsConfig);
  if (dnsConfig) out.dnsConfig = dnsConfig;
  if (dnsPolicy === 'None' && !dnsConfig?.nameservers?.length) ctx.errors.push({ path: 'spec.dnsConfig.nameservers', message: 'Required value: must provide at least one DNS nameserver when dnsPolicy is None' });
  if (dnsPolicy === 'ClusterFirst' || dnsPolicy === 'ClusterFirstWithHostNet') {
    ctx.warnings.push(`spec.dnsPolicy: ${dnsPolicy} sends lookups to the cluster's DNS service first; podlab has no cluster DNS, so the pod uses the engine's resolver (as with Default)`);
  }
  const hostAliases = parseHostAliases(ctx, v.hostAliases);
  if (hostAliases?.length) out.hostAliases = hostAliases;
  const subdomain = str(ctx, v.subdomain, 'spec.subdomain');
  if (subdomain) {
    const err = dns1123LabelError(subdomain);
    if (err) ctx.errors.push(invalid('spec.subdomain', subdomain, err));
    else {
      out.subdomain = subdomain;
      ctx.warnings.push(`spec.subdomain: in a cluster the pod gets the DNS name <hostname>.${subdomain}.<namespace>.svc.cluster.local through a headless Service of that name; podlab writes that name into the pod's own /etc/hosts only (other pods cannot resolve it: no cluster DNS)`);
    }
  }
  const esl = bool(ctx, v.enableServiceLinks, 'spec.enableServiceLinks');
  if (esl !== undefined) out.enableServiceLinks = esl;
  const grace = int(ctx, v.terminationGracePeriodSeconds, 'spec.terminationGracePeriodSeconds', 0, 2 ** 53);
  if (grace !== undefined) out.terminationGracePeriodSeconds = grace;
  const cluster = parseClusterFields(ctx, v);
  if (cluster) out.cluster = cluster;
  return out;
}

/** metadata.namespace: any DNS-1123 label; it is part of the pod's identity and of cri-dockerd's container names. */
export function parseNamespace(ctx: Ctx, v: unknown): string | undefined {
  const ns = str(ctx, v, 'metadata.namespace');
  if (ns === undefined || ns === '') return undefined;
  const err = dns1123LabelError(ns);
  if (err) {
    ctx.errors.push(invalid('metadata.namespace', ns, err));
    return undefined;
  }
  return ns;
}

/** kubectl create's generateName: the prefix plus five random lower-case alphanumerics. */
export function generatedName(prefix: string, random: () => number = Math.random): string {
  const chars = 'bcdfghjklmnpqrstvwxz2456789';
  let tail = '';
  for (let i = 0; i < 5; i += 1) tail += chars[Math.floor(random() * chars.length)];
  return `${prefix.slice(0, 58)}${tail}`;
}
