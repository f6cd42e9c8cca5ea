// Docker's plain containers (`docker run` on the default bridge) and its own listing (`docker ps -a`), for the runtime
// interface's optional plain/node parts (../plain.ts).
import type Docker from 'dockerode';
import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import type { NodeApi, PlainApi, PlainConfig, PlainStatus } from '../plain';
import { containerCreateOptions } from './create';
import { createContainer } from './create-call';
import { call, orGone } from './errors';
import { sandboxStatus } from './status';

/** The options of a pod's app container (image, env, command…), undone from its sandbox: its own netns on docker0. */
export function plainCreateOptions(cfg: PlainConfig): ContainerCreateOptions {
  const base = containerCreateOptions({ ...cfg, pod: { name: '', namespace: '', uid: '' }, attempt: 0, sandboxId: '', sharePid: false, labels: {} });
  const hostConfig = { ...base.HostConfig, NetworkMode: 'bridge' };
  delete hostConfig.IpcMode;
  delete hostConfig.PidMode;
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of cfg.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    if (p.hostPort > 0) bindings[key] = [...(bindings[key] ?? []), { HostIp: p.hostIp, HostPort: String(p.hostPort) }];
  }
  return { ...base, name: cfg.runtimeName, ExposedPorts: exposed, Labels: { ...cfg.labels }, HostConfig: { ...hostConfig, PortBindings: bindings } };
}

function plainStatus(info: ContainerInspectInfo): PlainStatus {
  const mode = info.HostConfig?.NetworkMode ?? 'default';
  const networkMode = mode === 'default' ? 'bridge' : mode;
  const names = Object.keys(info.NetworkSettings?.Networks ?? {});
  return { ...sandboxStatus(info), networkMode, networkName: names.includes(networkMode) ? networkMode : (names[0] ?? null) };
}

export function dockerPlain(docker: Docker): PlainApi {
  return {
    run: async (cfg) => {
      const c = await call(createContainer(docker, plainCreateOptions(cfg)));
      const started = call(c.start()).then(() => undefined);
      started.catch(() => undefined);
      return { id: c.id, started };
    },
    status: async (id) => {
      const info = await orGone(docker.getContainer(id).inspect());
      return info && plainStatus(info);
    },
  };
}

export function dockerNode(docker: Docker): NodeApi {
  return {
    listing: async () => {
      const list = await call(docker.listContainers({ all: true }));
      // docker ps shows the newest first.
      const rows = list
        .sort((a, b) => b.Created - a.Created)
        .map((c) => ({
          id: c.Id,
          name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
          image: c.Image,
          command: c.Command,
          created: new Date(c.Created * 1000).toISOString(),
          status: c.Status,
          state: c.State,
          labels: c.Labels ?? {},
        }));
      return { command: 'docker ps -a', rows };
    },
  };
}
