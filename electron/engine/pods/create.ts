// Docker create options for a pod's sandbox and app containers, exactly as cri-dockerd builds them.
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { expandCommand } from '../../../shared/manifest/env';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_MANIFEST, LABEL_POD, LABEL_ROLE, LABEL_UID } from '../../../shared/model';
import { LABEL_INIT_INDEX, LABEL_SIDECAR, LABEL_SPEC, appName, podHostname, podKey, sandboxName } from './names';
import { processOptions, readinessHealthcheck, resourceOptions, sandboxNetworkOptions, securityOptions } from './run-options';
import { containerSpecLabel, manifestLabel } from './spec';
import { containerMounts } from './volumes';

/** What only the launch knows when a container is created: its resolved environment and volume host paths. */
export interface RunFacts {
  /** `NAME=value` lines (valueFrom resolved); literal env only when absent. */
  env?: string[];
  /** Engine volume → host path, for subPath binds on engines before API 1.45. */
  mountpoints?: Map<string, string>;
  /** The container's place in spec.initContainers, when it is one. */
  initIndex?: number;
}

/** The pause container: the only one with a hostname and published ports; its IPC namespace is shareable. */
export function sandboxOptions(spec: PodSpec, uid: string, attempt: number, image: string): ContainerCreateOptions {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const c of spec.containers) {
    for (const p of c.ports) {
      if (!p.hostPort) continue; // like dockershim: only ports with a hostPort are published
      const key = `${p.containerPort}/${p.protocol}`;
      exposed[key] = {};
      bindings[key] = [...(bindings[key] ?? []), { HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) }];
    }
  }
  const net = sandboxNetworkOptions(spec);
  // hostNetwork: the node's own network namespace — its hostname and ports are the node's (Docker refuses both here).
  const own = spec.hostNetwork ? {} : { Hostname: podHostname(spec.name, spec.hostname), ExposedPorts: exposed };
  return {
    name: sandboxName(spec.name, uid, attempt, spec.namespace),
    Image: image,
    ...own,
    ...net.create,
    Labels: {
      [LABEL_POD]: podKey(spec),
      [LABEL_ROLE]: 'sandbox',
      [LABEL_UID]: uid,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_MANIFEST]: manifestLabel(spec),
    },
    HostConfig: { NetworkMode: 'bridge', IpcMode: 'shareable', ...(spec.hostNetwork ? {} : { PortBindings: bindings }), ...net.host },
  };
}

/**
 * An app container joined to the sandbox's net and IPC (and PID with shareProcessNamespace) namespaces; an init
 * container (`run.initIndex`) the same way, labelled as one. `pod.name` is the pod's key (namespace/name outside
 * "default"), `pod.podName`/`pod.namespace` its parts for cri-dockerd's name.
 */
export function appOptions(
  pod: Pick<PodSpec, 'name' | 'shareProcessNamespace'> & Partial<Omit<PodSpec, 'name' | 'shareProcessNamespace'>> & { podName?: string },
  c: ContainerSpec,
  sandboxId: string,
  uid: string,
  attempt: number,
  run: RunFacts = {},
): ContainerCreateOptions {
  const env = run.env ?? (c.env ?? []).filter((e) => !e.valueFrom).map((e) => `${e.name}=${e.value}`);
  const mounts = containerMounts({ containers: [], ...pod } as PodSpec, c, uid, run.mountpoints);
  const sec = securityOptions(c, pod);
  const init = run.initIndex !== undefined;
  const opts: ContainerCreateOptions = {
    name: appName(c.name, pod.podName ?? pod.name, uid, attempt, pod.namespace),
    Image: c.image,
    Env: env,
    Labels: {
      [LABEL_POD]: pod.name,
      [LABEL_ROLE]: init && c.restartPolicy !== 'Always' ? 'init' : 'app',
      [LABEL_CONTAINER]: c.name,
      [LABEL_UID]: uid,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_SPEC]: containerSpecLabel(c),
      ...(init ? { [LABEL_INIT_INDEX]: String(run.initIndex) } : {}),
      ...(c.restartPolicy === 'Always' ? { [LABEL_SIDECAR]: 'true' } : {}),
    },
    ...processOptions(c, pod),
    ...(sec.User ? { User: sec.User } : {}),
    ...(readinessHealthcheck(c) ? { Healthcheck: readinessHealthcheck(c) } : {}),
    // Never Hostname/ExposedPorts/Dns here: Docker refuses them on a joined container (HTTP 400).
    HostConfig: {
      NetworkMode: `container:${sandboxId}`,
      IpcMode: `container:${sandboxId}`,
      ...(pod.shareProcessNamespace ? { PidMode: `container:${sandboxId}` } : {}),
      ...(mounts.Mounts.length ? { Mounts: mounts.Mounts } : {}),
      ...(mounts.Binds.length ? { Binds: mounts.Binds } : {}),
      ...resourceOptions(c, pod),
      ...sec.host,
    },
  };
  // Kubernetes: command replaces the image's ENTRYPOINT (and drops its CMD), args replace CMD; $(VAR) is expanded.
  if (c.command) opts.Entrypoint = expandCommand(c.command, env);
  if (c.args) opts.Cmd = expandCommand(c.args, env);
  return opts;
}
