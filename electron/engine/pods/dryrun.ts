// `podlab launch --dry-run` (kubectl's word): what a launch would create, as `docker` commands — the pod's volumes,
// the sandbox, the init containers in order, the app containers — built by the very functions a launch on Docker
// uses, without touching the engine. Placeholders stand for what only the engine knows (<uid>, <sandbox>, <pod IP>).
import type { ContainerCreateOptions, MountSettings } from 'dockerode';
import type { ConfigObject, PodSpec } from '../../../shared/manifest/types';
import { containerEnv } from '../../../shared/manifest/env';
import { appConfig, sandboxConfig } from './create';
import { podKey } from './names';
import { containerCreateOptions, sandboxCreateOptions } from '../runtime/docker/create';
import { engineVolumes, engineVolumeName } from './volumes';

const UID = '<uid>';
const SANDBOX = '<sandbox>';

/** A word for a POSIX shell: quoted when it holds anything but safe characters. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./<>-]+$/.test(s) && !/[<>]/.test(s.replace(/<(uid|sandbox|pod IP|host IP)>/g, '')) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function mountFlag(m: MountSettings): string {
  const parts = [`type=${m.Type}`, `src=${m.Source}`, `dst=${m.Target}`];
  if (m.ReadOnly) parts.push('readonly');
  const vo = (m as { VolumeOptions?: { Subpath?: string; NoCopy?: boolean } }).VolumeOptions;
  if (vo?.NoCopy) parts.push('volume-nocopy');
  if (vo?.Subpath) parts.push(`volume-subpath=${vo.Subpath}`);
  return parts.join(',');
}

/** `docker run` flags for create options (the ones podlab sets), then the image and its command. */
export function dockerRun(o: ContainerCreateOptions, detach = true): string[] {
  const h = o.HostConfig ?? {};
  const f: string[] = ['docker', 'run', ...(detach ? ['-d'] : []), '--name', o.name ?? ''];
  for (const [k, v] of Object.entries(o.Labels ?? {})) f.push('--label', `${k}=${k === 'io.podlab.manifest' || k === 'io.podlab.spec' ? '<the manifest as JSON>' : v}`);
  if (o.Hostname) f.push('--hostname', o.Hostname);
  if (o.Domainname) f.push('--domainname', o.Domainname);
  if (h.NetworkMode) f.push('--network', h.NetworkMode);
  if (h.IpcMode) f.push('--ipc', h.IpcMode);
  if (h.PidMode) f.push('--pid', h.PidMode);
  for (const [port, binds] of Object.entries(h.PortBindings ?? {})) for (const b of binds as { HostIp: string; HostPort: string }[]) f.push('-p', `${b.HostIp ? `${b.HostIp}:` : ''}${b.HostPort}:${port}`);
  for (const d of h.Dns ?? []) f.push('--dns', d);
  for (const d of h.DnsSearch ?? []) f.push('--dns-search', d);
  for (const d of h.DnsOptions ?? []) f.push('--dns-option', d);
  for (const x of h.ExtraHosts ?? []) f.push('--add-host', x);
  for (const [k, v] of Object.entries(h.Sysctls ?? {})) f.push('--sysctl', `${k}=${v}`);
  for (const e of o.Env ?? []) f.push('-e', e);
  for (const m of h.Mounts ?? []) f.push('--mount', mountFlag(m));
  for (const b of h.Binds ?? []) f.push('-v', b);
  if (h.Memory) f.push('--memory', String(h.Memory), '--memory-swap', String(h.MemorySwap ?? h.Memory));
  if (h.CpuQuota) f.push('--cpu-period', String(h.CpuPeriod), '--cpu-quota', String(h.CpuQuota));
  if (h.CpuShares) f.push('--cpu-shares', String(h.CpuShares));
  if (h.PidsLimit) f.push('--pids-limit', String(h.PidsLimit));
  if (o.User) f.push('--user', o.User);
  for (const g of h.GroupAdd ?? []) f.push('--group-add', g);
  for (const c of h.CapAdd ?? []) f.push('--cap-add', c);
  for (const c of h.CapDrop ?? []) f.push('--cap-drop', c);
  if (h.ReadonlyRootfs) f.push('--read-only');
  for (const s of h.SecurityOpt ?? []) f.push('--security-opt', s);
  if (o.WorkingDir) f.push('--workdir', o.WorkingDir);
  if (o.Tty) f.push('-t');
  if (o.OpenStdin) f.push('-i');
  if (o.StopTimeout !== undefined) f.push('--stop-timeout', String(o.StopTimeout));
  if (o.Healthcheck?.Test) f.push('--health-cmd', o.Healthcheck.Test.slice(1).join(' '), '--health-interval', `${(o.Healthcheck.Interval ?? 0) / 1e9}s`);
  const entry = Array.isArray(o.Entrypoint) ? o.Entrypoint : o.Entrypoint ? [o.Entrypoint] : [];
  if (entry.length) f.push('--entrypoint', entry[0]);
  f.push(o.Image ?? '', ...entry.slice(1), ...((o.Cmd as string[] | undefined) ?? []));
  return f;
}

/** The dry run as lines of text: one comment line per step, then its command. */
export function dryRun(pod: PodSpec, objects: ConfigObject[], pauseImage: string): string[] {
  const key = podKey(pod);
  const node = { podIP: '<pod IP>', hostIP: '<host IP>', uid: UID, cpus: 1, memoryBytes: 0 };
  const ref = { ...pod, name: key };
  const line = (words: string[]): string => words.map(shellWord).join(' ');
  const out: string[] = [`# pod ${key}: what podlab launch would create (nothing was created)`];
  for (const v of engineVolumes(pod)) {
    out.push(`# volume ${v.name} (${Object.keys(v).filter((k) => k !== 'name')[0]}): a pod-level engine volume${v.emptyDir?.medium === 'Memory' ? ' on tmpfs' : ''}`);
    out.push(line(['docker', 'volume', 'create', '--label', `io.podlab.pod=${key}`, ...(v.emptyDir?.medium === 'Memory' ? ['--opt', 'type=tmpfs', '--opt', 'device=tmpfs'] : []), engineVolumeName(UID, v.name)]));
  }
  out.push('# the sandbox (pause container): it holds the pod\'s network namespace and published ports');
  out.push(line(dockerRun(sandboxCreateOptions(sandboxConfig(pod, UID, 0, pauseImage)))));
  (pod.initContainers ?? []).forEach((c, i) => {
    const sidecar = c.restartPolicy === 'Always';
    out.push(`# init container ${i + 1}/${pod.initContainers!.length}: ${c.name} — ${sidecar ? 'a native sidecar: started, kept running' : 'runs to completion (docker wait) before the next'}`);
    out.push(line(dockerRun(containerCreateOptions(appConfig(ref, c, SANDBOX, UID, 0, { env: containerEnv(c, pod, objects, node), initIndex: i })))));
  });
  for (const c of pod.containers) {
    out.push(`# app container ${c.name}, joined to the sandbox's namespaces`);
    out.push(line(dockerRun(containerCreateOptions(appConfig(ref, c, SANDBOX, UID, 0, { env: containerEnv(c, pod, objects, node) })))));
  }
  return out;
}
