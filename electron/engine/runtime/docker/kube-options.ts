// What the kubelet's runtime settings of a Pod become on Docker: resources as cgroup limits, securityContext as
// user/groups/capabilities/no-new-privileges/seccomp, workingDir/stdin/tty, the grace period; and on the sandbox the
// pod's network (hostNetwork), DNS, /etc/hosts entries and namespaced sysctls.
import type { ContainerCreateOptions, HostConfig, MountSettings } from 'dockerode';
import type { KubeContainerSettings, VolumeMount } from '../runtime';
import type { ContainerSpec, PodSpec, SecurityContextSpec } from '../../../../shared/manifest/types';
import { milliCpu, parseQuantity } from '../../../../shared/manifest/quantity';
import { podDomain } from '../../pods/names';
import { POD_NAMESPACE } from '../vocabulary';

/** The kubelet's CFS period (100 ms): a CPU limit of 250m is a quota of 25 ms per period. */
const CFS_PERIOD_US = 100_000;

/** A container's limit, or the pod-level one when the container sets none (podlab has no pod cgroup). */
function limit(c: ContainerSpec, pod: Partial<PodSpec>, res: string): string | undefined {
  return c.resources?.limits?.[res] ?? pod.resources?.limits?.[res];
}

export function resourceOptions(c: ContainerSpec, pod: Partial<PodSpec>): Partial<HostConfig> {
  const out: Partial<HostConfig> = {};
  const cpu = limit(c, pod, 'cpu');
  const mcpu = cpu !== undefined ? milliCpu(cpu) : null;
  if (mcpu) {
    out.CpuPeriod = CFS_PERIOD_US;
    out.CpuQuota = Math.max(1000, Math.ceil((mcpu * CFS_PERIOD_US) / 1000));
  }
  const mem = limit(c, pod, 'memory');
  const bytes = mem !== undefined ? parseQuantity(mem) : null;
  if (bytes) {
    // No swap beyond the limit: the kernel's OOM killer ends the container at the limit (OOMKilled), as on a node.
    out.Memory = Math.ceil(bytes);
    out.MemorySwap = Math.ceil(bytes);
  }
  const req = c.resources?.requests?.cpu ?? cpu;
  const mreq = req !== undefined ? milliCpu(req) : null;
  if (mreq) out.CpuShares = Math.max(2, Math.floor((mreq * 1024) / 1000));
  const pids = limit(c, pod, 'pids');
  if (pids !== undefined && parseQuantity(pids)) out.PidsLimit = Math.ceil(parseQuantity(pids)!);
  return out;
}

/** Container-level settings override the pod's, field by field (as the kubelet merges them). */
export function effectiveSecurity(c: ContainerSpec, pod: Partial<PodSpec>): SecurityContextSpec {
  const p = pod.securityContext ?? {};
  const s = c.securityContext ?? {};
  return {
    ...s,
    runAsUser: s.runAsUser ?? p.runAsUser,
    runAsGroup: s.runAsGroup ?? p.runAsGroup,
    runAsNonRoot: s.runAsNonRoot ?? p.runAsNonRoot,
    seccompProfile: s.seccompProfile ?? p.seccompProfile,
    appArmorProfile: s.appArmorProfile ?? p.appArmorProfile,
  };
}

function capName(c: string): string {
  return c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`;
}

export function securityOptions(c: ContainerSpec, pod: Partial<PodSpec>): { User?: string; host: Partial<HostConfig> } {
  const sc = effectiveSecurity(c, pod);
  const host: Partial<HostConfig> = {};
  let User: string | undefined;
  if (sc.runAsUser !== undefined) User = sc.runAsGroup !== undefined ? `${sc.runAsUser}:${sc.runAsGroup}` : String(sc.runAsUser);
  else if (sc.runAsGroup !== undefined) User = `0:${sc.runAsGroup}`;
  const groups = [...(pod.securityContext?.supplementalGroups ?? []), ...(pod.securityContext?.fsGroup !== undefined ? [pod.securityContext.fsGroup] : [])];
  if (groups.length) host.GroupAdd = [...new Set(groups)].map(String);
  if (sc.capabilities?.add?.length) host.CapAdd = sc.capabilities.add.map(capName);
  if (sc.capabilities?.drop?.length) host.CapDrop = sc.capabilities.drop.map(capName);
  if (sc.readOnlyRootFilesystem) host.ReadonlyRootfs = true;
  const opts: string[] = [];
  if (sc.allowPrivilegeEscalation === false) opts.push('no-new-privileges');
  if (sc.seccompProfile?.type === 'Unconfined') opts.push('seccomp=unconfined');
  if (sc.appArmorProfile?.type === 'Unconfined') opts.push('apparmor=unconfined');
  if (opts.length) host.SecurityOpt = opts;
  return { User, host };
}

/** workingDir, stdin/tty and the grace period: plain container settings. */
export function processOptions(c: ContainerSpec, pod: Partial<PodSpec>): Partial<ContainerCreateOptions> {
  const out: Partial<ContainerCreateOptions> = {};
  if (c.workingDir) out.WorkingDir = c.workingDir;
  if (c.tty) out.Tty = true;
  if (c.stdin) {
    out.OpenStdin = true;
    if (c.stdinOnce) out.StdinOnce = true;
  }
  if (pod.terminationGracePeriodSeconds !== undefined) out.StopTimeout = pod.terminationGracePeriodSeconds;
  return out;
}

/** The sandbox's share of the pod spec: its network (hostNetwork), DNS, /etc/hosts, sysctls and domain name. */
export function sandboxNetworkOptions(spec: PodSpec): { create: Partial<ContainerCreateOptions>; host: Partial<HostConfig> } {
  const create: Partial<ContainerCreateOptions> = {};
  const host: Partial<HostConfig> = {};
  if (spec.hostNetwork) host.NetworkMode = 'host';
  const dns = spec.dnsConfig;
  if (dns?.nameservers?.length) host.Dns = dns.nameservers;
  if (dns?.searches?.length) host.DnsSearch = dns.searches;
  if (dns?.options?.length) host.DnsOptions = dns.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name));
  if (spec.hostAliases?.length) host.ExtraHosts = spec.hostAliases.flatMap((a) => a.hostnames.map((h) => `${h}:${a.ip}`));
  if (spec.securityContext?.sysctls?.length) host.Sysctls = Object.fromEntries(spec.securityContext.sysctls.map((s) => [s.name, s.value]));
  // The engine writes "<ip> <hostname>.<domain> <hostname>" into /etc/hosts: the kubelet's FQDN line for the pod.
  if (spec.subdomain) create.Domainname = podDomain(spec.subdomain, spec.namespace ?? POD_NAMESPACE);
  return { create, host };
}

const NS = 1_000_000_000;

/**
 * An exec readinessProbe becomes the engine's healthcheck: the engine runs it every periodSeconds and keeps the
 * answer (State.Health), which the model reads as the container's readiness — with or without podlab running.
 */
export function readinessHealthcheck(c: ContainerSpec): ContainerCreateOptions['Healthcheck'] | undefined {
  const p = c.readinessProbe;
  if (!p || !('exec' in p)) return undefined;
  return {
    Test: ['CMD', ...p.exec.command],
    Interval: (p.periodSeconds ?? 10) * NS,
    Timeout: (p.timeoutSeconds ?? 1) * NS,
    Retries: p.failureThreshold ?? 3,
    StartPeriod: (p.initialDelaySeconds ?? 0) * NS,
  };
}

/** The mounts as Docker takes them: volumes and binds in Mounts; a bind that may create its source in Binds. */
export function dockerMounts(mounts: VolumeMount[]): { Mounts?: MountSettings[]; Binds?: string[] } {
  const Mounts: MountSettings[] = [];
  const Binds: string[] = [];
  for (const m of mounts) {
    if (m.type === 'bind' && m.create) Binds.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    else if (m.type === 'bind') Mounts.push({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly });
    // NoCopy: an emptyDir starts empty (Docker would copy the image's files at the mount path into a new volume).
    else Mounts.push({ Type: 'volume', Source: m.source, Target: m.target, ReadOnly: m.readOnly, VolumeOptions: { NoCopy: true, ...(m.subpath ? { Subpath: m.subpath } : {}) } } as MountSettings);
  }
  return { ...(Mounts.length ? { Mounts } : {}), ...(Binds.length ? { Binds } : {}) };
}

/** Everything of KubeContainerSettings as create options, merged into `o` (HostConfig fields added to its own). */
export function withKubeSettings(o: ContainerCreateOptions, k: KubeContainerSettings): ContainerCreateOptions {
  const sec = securityOptions(k.container, k.pod);
  const health = readinessHealthcheck(k.container);
  return {
    ...o,
    ...processOptions(k.container, k.pod),
    ...(sec.User ? { User: sec.User } : {}),
    ...(health ? { Healthcheck: health } : {}),
    HostConfig: { ...o.HostConfig, ...dockerMounts(k.mounts), ...resourceOptions(k.container, k.pod), ...sec.host },
  };
}
