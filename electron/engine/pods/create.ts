// Docker create options for a pod's sandbox and app containers, exactly as cri-dockerd builds them.
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { LABEL_ATTEMPT, LABEL_CONTAINER, LABEL_MANIFEST, LABEL_POD, LABEL_ROLE, LABEL_UID } from '../../../shared/model';
import { LABEL_SPEC, appName, podHostname, sandboxName } from './names';
import { containerSpecLabel, manifestLabel } from './spec';

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
  return {
    name: sandboxName(spec.name, uid, attempt),
    Image: image,
    Hostname: podHostname(spec.name, spec.hostname),
    ExposedPorts: exposed,
    Labels: {
      [LABEL_POD]: spec.name,
      [LABEL_ROLE]: 'sandbox',
      [LABEL_UID]: uid,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_MANIFEST]: manifestLabel(spec),
    },
    HostConfig: { NetworkMode: 'bridge', IpcMode: 'shareable', PortBindings: bindings },
  };
}

/** An app container joined to the sandbox's net and IPC (and PID with shareProcessNamespace) namespaces. */
export function appOptions(
  pod: { name: string; shareProcessNamespace: boolean },
  c: ContainerSpec,
  sandboxId: string,
  uid: string,
  attempt: number,
): ContainerCreateOptions {
  const opts: ContainerCreateOptions = {
    name: appName(c.name, pod.name, uid, attempt),
    Image: c.image,
    Env: (c.env ?? []).map((e) => `${e.name}=${e.value}`),
    Labels: {
      [LABEL_POD]: pod.name,
      [LABEL_ROLE]: 'app',
      [LABEL_CONTAINER]: c.name,
      [LABEL_UID]: uid,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_SPEC]: containerSpecLabel(c),
    },
    // Never Hostname/ExposedPorts/Dns here: Docker refuses them on a joined container (HTTP 400).
    HostConfig: {
      NetworkMode: `container:${sandboxId}`,
      IpcMode: `container:${sandboxId}`,
      ...(pod.shareProcessNamespace ? { PidMode: `container:${sandboxId}` } : {}),
    },
  };
  // Kubernetes: command replaces the image's ENTRYPOINT (and drops its CMD), args replace CMD.
  if (c.command) opts.Entrypoint = c.command;
  if (c.args) opts.Cmd = c.args;
  return opts;
}
