// The pod's own network settings in the CRI's PodSandboxConfig, as the kubelet fills them: hostNetwork as network
// namespace NODE (no hostname, no CNI, so no port mappings), dnsConfig/dnsPolicy as DNSConfig (pkg/kubelet/network/dns),
// securityContext.sysctls as linux.sysctls. hostAliases and subdomain have no CRI field: the pod's /etc/hosts is
// written by podlab as the kubelet writes it (./etc-hosts.ts, ./pod-state.ts).
import { readFileSync } from 'node:fs';
import type * as cri from '../../cri/types';
import type { PodSpec } from '../../../../shared/manifest/types';

type DnsConfig = NonNullable<cri.PodSandboxConfig['dnsConfig']>;

/** The node's resolver settings, as the kubelet reads them (--resolv-conf, /etc/resolv.conf by default). */
export function parseResolvConf(text: string): DnsConfig {
  const out: DnsConfig = { servers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.servers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.searches = rest;
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Options by name: a later one (the pod's) replaces the node's of the same name, as the kubelet merges them. */
function mergeOptions(node: string[], pod: string[]): string[] {
  const byName = new Map<string, string>();
  for (const o of [...node, ...pod]) byName.set(o.split(':')[0]!, o);
  return [...byName.values()];
}

/**
 * The sandbox's DNSConfig. dnsPolicy None: the pod's dnsConfig alone. Otherwise (Default; ClusterFirst falls back to it,
 * podlab has no cluster DNS, as a kubelet without --cluster-dns) the node's resolv.conf with the pod's dnsConfig
 * appended. Undefined when the pod says nothing: the runtime then copies the node's resolv.conf, the same result.
 */
export function podDnsConfig(spec: PodSpec, nodeResolvConf: () => string = () => readFileSync('/etc/resolv.conf', 'utf8')): DnsConfig | undefined {
  const dns = spec.dnsConfig;
  if (spec.dnsPolicy !== 'None' && !dns) return undefined;
  const own: DnsConfig = {
    servers: dns?.nameservers ?? [],
    searches: dns?.searches ?? [],
    options: (dns?.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)),
  };
  if (spec.dnsPolicy === 'None') return own;
  let node: DnsConfig;
  try {
    node = parseResolvConf(nodeResolvConf());
  } catch {
    node = { servers: [], searches: [], options: [] };
  }
  return { servers: unique([...node.servers, ...own.servers]), searches: unique([...node.searches, ...own.searches]), options: mergeOptions(node.options, own.options) };
}

/** The namespaced sysctls of the pod's securityContext, as the CRI's map. */
export function podSysctls(spec: PodSpec): cri.Labels | undefined {
  const list = spec.securityContext?.sysctls;
  return list?.length ? Object.fromEntries(list.map((s) => [s.name, s.value])) : undefined;
}
