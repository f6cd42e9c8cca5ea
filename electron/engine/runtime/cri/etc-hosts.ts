// The pod's /etc/hosts as the kubelet writes it (pkg/kubelet/kubelet_pods.go, managed hosts file): the CRI has no
// field for hostAliases or a domain name, so the kubelet — and podlab on a CRI runtime — writes the file itself and
// bind-mounts it into every container of the pod. Pure: facts in, file text out (./pod-state.ts writes it).
import type { PodSpec } from '../../../../shared/manifest/types';
import { podDomain, podHostname } from '../../pods/names';
import { unpackLabel } from '../../pods/label-json';
import { LABEL_MANIFEST, POD_NAMESPACE } from '../vocabulary';

export type HostAlias = NonNullable<PodSpec['hostAliases']>[number];

/** What the hosts file is made of: the pod's hostname and domain, its IPs, its hostAliases and whether it is hostNetwork. */
export interface PodHostsFacts {
  hostname: string;
  /** `<subdomain>.<namespace>.svc.<cluster domain>`, '' without a subdomain. */
  domain: string;
  aliases: HostAlias[];
  hostNetwork: boolean;
}

const MANAGED_HEADER = '# Kubernetes-managed hosts file.\n';
const HOST_NETWORK_HEADER = '# Kubernetes-managed hosts file (host network).\n';
const LOCALHOST_LINES = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

/** The "# Entries added by HostAliases." section: one line per alias, its names separated by tabs ('' without aliases). */
export function hostAliasesSection(aliases: HostAlias[]): string {
  if (aliases.length === 0) return '';
  return `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip}\t${a.hostnames.join('\t')}\n`).join('')}`;
}

/** A pod network pod's file: header, localhost lines, one line per pod IP (FQDN first when there is a domain), aliases. */
export function managedHostsContent(f: PodHostsFacts, podIps: string[]): string {
  const self = podIps.map((ip) => (f.domain ? `${ip}\t${f.hostname}.${f.domain}\t${f.hostname}\n` : `${ip}\t${f.hostname}\n`));
  return `${MANAGED_HEADER}${LOCALHOST_LINES.join('\n')}\n${self.join('')}${hostAliasesSection(f.aliases)}`;
}

/** A hostNetwork pod's file: the node's own hosts file under its header, then the aliases. */
export function nodeHostsContent(nodeHosts: string, aliases: HostAlias[]): string {
  return `${HOST_NETWORK_HEADER}${nodeHosts}${hostAliasesSection(aliases)}`;
}

const field = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined);
// A name or IP from a label goes into a line of the file: nothing that could start another line or field.
const token = (v: unknown): string | null => (typeof v === 'string' && /^[^\s#]+$/.test(v) ? v : null);

/**
 * The facts from the launch manifest podlab keeps on the sandbox (read field by field: labels are outside data, and a
 * malformed alias is left out). `pod` is the sandbox's metadata, which names the pod and its namespace.
 */
export function hostsFactsFromLabels(labels: Record<string, string>, pod: { name: string; namespace: string }): PodHostsFacts {
  const spec = field(unpackLabel(labels[LABEL_MANIFEST]), 'spec');
  const rawAliases = field(spec, 'hostAliases');
  const aliases: HostAlias[] = [];
  for (const a of Array.isArray(rawAliases) ? rawAliases : []) {
    const ip = token(field(a, 'ip'));
    const names = field(a, 'hostnames');
    const hostnames = (Array.isArray(names) ? names : []).map(token).filter((n): n is string => n !== null);
    if (ip) aliases.push({ ip, hostnames });
  }
  return {
    hostname: podHostname(pod.name, token(field(spec, 'hostname')) ?? undefined),
    domain: podDomain(token(field(spec, 'subdomain')) ?? undefined, pod.namespace || POD_NAMESPACE),
    aliases,
    hostNetwork: field(spec, 'hostNetwork') === true,
  };
}
