// Recreates a podlab container the way the kubelet restarts one: a new container with attempt+1, cloned from
// the old one's inspect data (so it keeps exactly what launch gave it), joined to the given sandbox.
import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import { LABEL_ATTEMPT } from '../../../shared/model';

export const LABEL_BACKOFF = 'io.podlab.backoff';
export const LABEL_SANDBOX_CHANGED = 'io.podlab.sandbox-changed';

/** cri-dockerd names end in _<attempt>: k8s_<ctr>_<pod>_<ns>_<uid>_<attempt>. */
export function nameForAttempt(name: string, attempt: number): string {
  const n = name.replace(/^\//, '');
  return /_\d+$/.test(n) ? n.replace(/_\d+$/, `_${attempt}`) : `${n}_${attempt}`;
}

/** The attempt of a podlab container: its io.podlab.attempt label, else its name's suffix, else 0. */
export function attemptOf(info: ContainerInspectInfo): number {
  const label = Number(info.Config?.Labels?.[LABEL_ATTEMPT]);
  if (Number.isInteger(label) && label >= 0) return label;
  const m = /_(\d+)$/.exec(info.Name ?? '');
  return m ? Number(m[1]) : 0;
}

/** Create options for the next attempt of `info`; `sandboxId` rejoins an app container to a (new) sandbox. */
export function cloneOptions(
  info: ContainerInspectInfo,
  attempt: number,
  opts: { sandboxId?: string; labels?: Record<string, string> } = {},
): ContainerCreateOptions {
  const hc = info.HostConfig ?? {};
  const rejoin = (mode: string | undefined): string | undefined =>
    mode && mode.startsWith('container:') && opts.sandboxId ? `container:${opts.sandboxId}` : mode;
  const joined = (hc.NetworkMode ?? '').startsWith('container:');
  const cfg = info.Config;
  return {
    name: nameForAttempt(info.Name, attempt),
    Image: cfg.Image,
    Cmd: cfg.Cmd ?? undefined,
    Entrypoint: (cfg.Entrypoint as string[] | string | undefined) ?? undefined,
    Env: cfg.Env ?? undefined,
    WorkingDir: cfg.WorkingDir || undefined,
    User: cfg.User || undefined,
    Tty: cfg.Tty,
    OpenStdin: cfg.OpenStdin,
    // Docker refuses hostname and exposed ports on a joined container: they belong to the sandbox.
    Hostname: joined ? undefined : cfg.Hostname,
    ExposedPorts: joined ? undefined : (cfg.ExposedPorts ?? undefined),
    Labels: { ...(cfg.Labels ?? {}), [LABEL_ATTEMPT]: String(attempt), ...(opts.labels ?? {}) },
    HostConfig: {
      NetworkMode: rejoin(hc.NetworkMode),
      IpcMode: rejoin(hc.IpcMode),
      PidMode: rejoin(hc.PidMode) || undefined,
      PortBindings: joined ? undefined : hc.PortBindings,
      CapAdd: hc.CapAdd ?? undefined,
      Privileged: hc.Privileged,
      Init: hc.Init ?? undefined,
    },
  };
}
