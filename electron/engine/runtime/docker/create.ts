// Docker create options for a pod's sandbox and app containers, exactly as cri-dockerd builds them (its names too).
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerConfig, SandboxConfig } from '../runtime';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_POD, LABEL_ROLE, LABEL_UID } from '../vocabulary';

/** k8s_POD_<pod>_<namespace>_<uid>_<attempt> */
export function sandboxName(pod: string, namespace: string, uid: string, attempt: number): string {
  return `k8s_POD_${pod}_${namespace}_${uid}_${attempt}`;
}

/** k8s_<container>_<pod>_<namespace>_<uid>_<attempt> */
export function appName(container: string, pod: string, namespace: string, uid: string, attempt: number): string {
  return `k8s_${container}_${pod}_${namespace}_${uid}_${attempt}`;
}

/** The pause container: the only one with a hostname and published ports; its IPC namespace is shareable. */
export function sandboxCreateOptions(cfg: SandboxConfig): ContainerCreateOptions {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of cfg.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    bindings[key] = [...(bindings[key] ?? []), { HostIp: p.hostIp, HostPort: String(p.hostPort) }];
  }
  const { pod } = cfg;
  return {
    name: sandboxName(pod.name, pod.namespace, pod.uid, cfg.attempt),
    Image: cfg.image,
    Hostname: cfg.hostname,
    ExposedPorts: exposed,
    Labels: { [LABEL_POD]: pod.name, [LABEL_ROLE]: 'sandbox', [LABEL_UID]: pod.uid, [LABEL_ATTEMPT]: String(cfg.attempt), ...cfg.labels },
    HostConfig: { NetworkMode: 'bridge', IpcMode: 'shareable', PortBindings: bindings },
  };
}

/** An app container joined to the sandbox's net and IPC (and PID with shareProcessNamespace) namespaces. */
export function containerCreateOptions(cfg: ContainerConfig): ContainerCreateOptions {
  const { pod, sandboxId } = cfg;
  const opts: ContainerCreateOptions = {
    name: appName(cfg.name, pod.name, pod.namespace, pod.uid, cfg.attempt),
    Image: cfg.image,
    Env: cfg.env.map((e) => `${e.name}=${e.value}`),
    Labels: {
      [LABEL_POD]: pod.name,
      [LABEL_ROLE]: 'app',
      [LABEL_CONTAINER]: cfg.name,
      [LABEL_UID]: pod.uid,
      [LABEL_ATTEMPT]: String(cfg.attempt),
      ...cfg.labels,
    },
    // Never Hostname/ExposedPorts/Dns here: Docker refuses them on a joined container (HTTP 400).
    HostConfig: {
      NetworkMode: `container:${sandboxId}`,
      IpcMode: `container:${sandboxId}`,
      ...(cfg.sharePid ? { PidMode: `container:${sandboxId}` } : {}),
    },
  };
  // Kubernetes: command replaces the image's ENTRYPOINT (and drops its CMD), args replace CMD.
  if (cfg.command) opts.Entrypoint = cfg.command;
  if (cfg.args) opts.Cmd = cfg.args;
  if (cfg.workingDir) opts.WorkingDir = cfg.workingDir;
  if (cfg.user) opts.User = cfg.user;
  if (cfg.tty) opts.Tty = true;
  return opts;
}
