// podlab's per-pod state directory on a CRI node (the kubelet's is /var/lib/kubelet/pods/<uid>): the pod's etc-hosts
// file lives there, re-written before each container is created (a new sandbox after SandboxChanged has a new IP) and
// removed with the pod's last sandbox.
import { readFileSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { CriClient } from '../../cri/client';
import type * as cri from '../../cri/types';
import type { ContainerConfig } from '../runtime';
import { hostsFactsFromLabels, managedHostsContent, nodeHostsContent } from './etc-hosts';

/** Where podlab keeps its pods' state on the node; PODLAB_CRI_POD_ROOT moves it (tests keep theirs in a temp dir). */
export function podStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.PODLAB_CRI_POD_ROOT || '/var/lib/podlab/pods';
}

/** The pod's own directory; null for a uid that is not a plain name (it comes from a label and becomes a path). */
export function podStateDir(uid: string, env: NodeJS.ProcessEnv = process.env): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(uid) ? join(podStateRoot(env), uid) : null;
}

/**
 * Writes the pod's hosts file and gives the mount of it at /etc/hosts, as the kubelet's makeHostsMount: none when the
 * container mounts /etc/hosts itself, or when a pod-network sandbox has no IP yet (the kubelet mounts none then either).
 */
export function podHostsMount(
  sandbox: cri.PodSandboxConfig,
  podIps: string[],
  container: Pick<ContainerConfig, 'kube'> | null,
  env: NodeJS.ProcessEnv = process.env,
  nodeHosts: () => string = () => readFileSync('/etc/hosts', 'utf8'),
): cri.Mount | null {
  if (container?.kube?.mounts.some((m) => m.target === '/etc/hosts')) return null;
  const dir = podStateDir(sandbox.metadata.uid, env);
  const facts = hostsFactsFromLabels(sandbox.labels, sandbox.metadata);
  if (!dir || (!facts.hostNetwork && podIps.length === 0)) return null;
  const content = facts.hostNetwork ? nodeHostsContent(nodeHosts(), facts.aliases) : managedHostsContent(facts, podIps);
  const file = join(dir, 'etc-hosts');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    writeFileSync(file, content, { mode: 0o644 });
    chmodSync(file, 0o644); // whatever the umask made of a new file
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`podlab could not write the pod's /etc/hosts (${why}): run podlab as root on the node, or set PODLAB_CRI_POD_ROOT to a writable directory`, { cause: err });
  }
  return { containerPath: '/etc/hosts', hostPath: file, readonly: false, selinuxRelabel: true };
}

/**
 * CreateContainer's `config` with the pod's etc-hosts mounted, the IPs read from PodSandboxStatus now (a new sandbox
 * after SandboxChanged has a new one) — for every container of the pod: app, init and ephemeral, as the kubelet does.
 */
export async function withPodHostsFile(
  client: Pick<CriClient, 'podSandboxStatus'>,
  sandboxId: string,
  sandbox: cri.PodSandboxConfig,
  config: cri.ContainerConfig,
  container: Pick<ContainerConfig, 'kube'> | null,
  env: NodeJS.ProcessEnv = process.env,
): Promise<cri.ContainerConfig> {
  const hosts = podHostsMount(sandbox, sandboxIps((await client.podSandboxStatus(sandboxId, false)).status), container, env);
  return hosts ? { ...config, mounts: [...(config.mounts ?? []), hosts] } : config;
}

/** Removes the pod's state directory (its last sandbox is gone). */
export function removePodState(uid: string, env: NodeJS.ProcessEnv = process.env): void {
  const dir = podStateDir(uid, env);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The IPs PodSandboxStatus gives the pod: its IP, then any others (dual stack). */
export function sandboxIps(status: cri.PodSandboxStatus | null): string[] {
  const net = status?.network;
  return net ? [net.ip, ...net.additionalIps.map((a) => a.ip)].filter((ip) => ip !== '') : [];
}
