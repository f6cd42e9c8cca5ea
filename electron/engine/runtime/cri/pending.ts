// A pod whose hostPort is taken stays Pending, as on Kubernetes (the scheduler's NodePorts filter: "node(s) didn't have
// free ports for the requested pod ports") and as on Docker (its sandbox created, never started). The CRI has no
// sandbox that exists without running, so podlab keeps the Pending pod as a record: a sandbox on the node's network
// (no CNI ADD: no netns, veth, IP or portmap rule), stopped at once, whose labels say why it waits and hold the config
// of the real sandbox. Starting it later (the restart manager's retry once the port is free) replaces the record by
// that sandbox. Any podlab process reads the record the same way: it lives on the runtime, not in memory.
import type * as cri from '../../cri/types';
import type { PortMapping } from '../runtime';

/** On a Pending pod's record: why it could not run, in the runtime's (Docker's) words. */
export const LABEL_PENDING = 'io.podlab.pending';
/** On a Pending pod's record: the real sandbox's config as JSON (its own labels are the record's, less these). */
export const LABEL_PENDING_CONFIG = 'io.podlab.pending-config';

/** The record's RunPodSandbox config: the real one on the node's network, without port mappings, marked Pending. */
export function pendingRecordConfig(real: cri.PodSandboxConfig, reason: string): cri.PodSandboxConfig {
  const { labels, ...rest } = real;
  const opts = real.linux.securityContext.namespaceOptions;
  return {
    ...real,
    // The node's UTS namespace comes with its network: the record sets no hostname of its own.
    hostname: '',
    portMappings: [],
    labels: { ...labels, [LABEL_PENDING]: reason, [LABEL_PENDING_CONFIG]: JSON.stringify(rest) },
    linux: { ...real.linux, securityContext: { ...real.linux.securityContext, namespaceOptions: { ...opts, network: 'NODE' } } },
  };
}

/** The Pending record's reason and the real sandbox's config, or null for any other sandbox. */
export function pendingRecord(labels: Record<string, string>): { reason: string; config: cri.PodSandboxConfig } | null {
  const reason = labels[LABEL_PENDING];
  if (!reason) return null;
  try {
    const rest = JSON.parse(labels[LABEL_PENDING_CONFIG] ?? '') as Omit<cri.PodSandboxConfig, 'labels'>;
    const own = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== LABEL_PENDING && k !== LABEL_PENDING_CONFIG));
    return { reason, config: { ...rest, labels: own } };
  } catch {
    return null;
  }
}

/** The hostPorts a Pending record waits for, as the runtime interface names them. */
export function pendingPorts(config: cri.PodSandboxConfig): PortMapping[] {
  return config.portMappings.map((p) => ({
    hostIp: p.hostIp || '0.0.0.0',
    hostPort: p.hostPort,
    containerPort: p.containerPort,
    protocol: p.protocol === 'UDP' ? 'udp' : 'tcp',
  }));
}

