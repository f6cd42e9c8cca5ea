// Docker's inspect and listing in the runtime's vocabulary: ContainerStatus, SandboxStatus, ContainerSummary.
// The zero time ("0001-01-01T00:00:00Z": never started/finished) becomes null here, once.
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import type { ContainerState, ContainerStatus, ContainerSummary, PortMapping, SandboxStatus } from '../runtime';

export function dockerTime(t: string | undefined | null): string | null {
  return !t || t.startsWith('0001-01-01') ? null : t;
}

/**
 * The engine's state words in the runtime's vocabulary: Docker's own, and the libpod states Podman's compatible API
 * passes on — `stopped` once the process has exited (until its cleanup makes it `exited`, which sends no event),
 * `stopping` while a stop is under way, `configured`/`initialized` before the first start. Read as `dead`, a
 * `stopped` init container kept a re-run init phase waiting for an event that had already come.
 */
const STATES: Record<string, ContainerState> = {
  created: 'created',
  running: 'running',
  paused: 'paused',
  restarting: 'restarting',
  removing: 'removing',
  exited: 'exited',
  dead: 'dead',
  stopped: 'exited',
  stopping: 'running',
  configured: 'created',
  initialized: 'created',
};
export function stateOf(s: string | undefined): ContainerState {
  return s !== undefined && Object.hasOwn(STATES, s) ? STATES[s]! : 'dead';
}

function joinedTo(mode: string | undefined): string | null {
  return mode?.startsWith('container:') ? mode.slice('container:'.length) : null;
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' && v ? [v] : [];
}

export function containerStatus(c: ContainerInspectInfo): ContainerStatus {
  const s = c.State;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    labels: c.Config.Labels ?? {},
    state: stateOf(s.Status),
    pid: s.Pid > 0 ? s.Pid : 0,
    exitCode: s.ExitCode ?? 0,
    oomKilled: !!s.OOMKilled,
    error: s.Error ?? '',
    createdAt: c.Created,
    startedAt: dockerTime(s.StartedAt),
    finishedAt: dockerTime(s.FinishedAt),
    restartCount: c.RestartCount ?? 0,
    command: list(c.Config.Entrypoint),
    args: list(c.Config.Cmd),
    env: c.Config.Env ?? [],
    tty: !!c.Config.Tty,
    workingDir: c.Config.WorkingDir ?? '',
    user: c.Config.User ?? '',
    hostname: c.Config.Hostname ?? '',
    joined: { network: joinedTo(c.HostConfig?.NetworkMode), pid: joinedTo(c.HostConfig?.PidMode) },
    ...((s as { Health?: { Status?: string } }).Health?.Status ? { health: (s as { Health?: { Status?: string } }).Health!.Status } : {}),
  };
}

/** The host ports a container asked for ("8080/tcp": [{HostIp, HostPort}]). */
export function requestedPorts(c: ContainerInspectInfo): PortMapping[] {
  const out: PortMapping[] = [];
  for (const [key, binds] of Object.entries(c.HostConfig?.PortBindings ?? {})) {
    const [port, proto] = key.split('/');
    for (const b of (binds as { HostIp?: string; HostPort?: string }[] | null) ?? []) {
      out.push({ hostIp: b.HostIp || '0.0.0.0', hostPort: Number(b.HostPort || port), containerPort: Number(port), protocol: proto === 'udp' ? 'udp' : 'tcp' });
    }
  }
  return out;
}

/** Its address on its networks (inspect or listing), the default bridge first, while it runs. */
function networkOf(networks: Record<string, { IPAddress?: string; MacAddress?: string; Gateway?: string }> | undefined, running: boolean): SandboxStatus['network'] {
  // From API 1.52 the top-level NetworkSettings.IPAddress is gone: read Networks, the default bridge first.
  const net = Object.entries(networks ?? {}).sort(([a], [b]) => (a === 'bridge' ? -1 : b === 'bridge' ? 1 : 0))[0]?.[1];
  return running && net?.IPAddress ? { ip: net.IPAddress, mac: net.MacAddress ?? '', gateway: net.Gateway ?? '' } : null;
}

export function sandboxStatus(c: ContainerInspectInfo): SandboxStatus {
  return { ...containerStatus(c), ports: requestedPorts(c), network: networkOf(c.NetworkSettings?.Networks, c.State.Running), netnsPath: null };
}

export function containerSummary(c: ContainerInfo): ContainerSummary {
  const state = stateOf(c.State);
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    labels: c.Labels ?? {},
    state,
    created: c.Created,
    ports: (c.Ports ?? [])
      .filter((p) => p.PublicPort)
      .map((p) => ({ hostIp: p.IP || '0.0.0.0', hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol: p.Type === 'udp' ? 'udp' : 'tcp' })),
    statusText: c.Status ?? '',
    joinedNetwork: joinedTo(c.HostConfig?.NetworkMode),
    network: networkOf(c.NetworkSettings?.Networks, state === 'running'),
  };
}
