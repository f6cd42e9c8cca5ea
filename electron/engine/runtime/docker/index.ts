// The Docker implementation of the runtime interface (dockerode). Podman's Docker-compatible API is served by the
// same class; where Podman answers differently, the difference is handled here, not by the callers.
import type Docker from 'dockerode';
import type { NetworkInspectInfo } from 'dockerode';
import { LABEL_HELPER } from '../vocabulary';
import type {
  BridgeNetwork,
  ContainerApi,
  EventApi,
  ExecResult,
  ImageApi,
  ListFilter,
  LogApi,
  Runtime,
  RuntimeInfo,
  SandboxApi,
  VolumeApi,
} from '../runtime';
import { dockerVolumes } from './volumes';
import type { RuntimeError } from '../runtime';
import { containerCreateOptions, sandboxCreateOptions } from './create';
import { createContainer } from './create-call';
import { call, orGone } from './errors';
import { replayEvents, subscribeEvents } from './events';
import { demux, followLogs, tailLogs } from './logs';
import type { HandsApi } from '../hands';
import { dockerHands } from './hands';
import { takeEarlyNetworks } from './early';
import { withBridgeNames } from './podman';
import { pullImage } from './pull';
import { containerStatus, containerSummary, sandboxStatus } from './status';
import type { NodeApi, PlainApi } from '../plain';
import { dockerNode, dockerPlain } from './plain';

/** The host interface of a Docker bridge network: its option, docker0 for the default one, else br-<id>. */
export function bridgeName(n: NetworkInspectInfo): string {
  return n.Options?.['com.docker.network.bridge.name'] ?? (n.Name === 'bridge' ? 'docker0' : `br-${n.Id.slice(0, 12)}`);
}

export class DockerRuntime implements Runtime {
  constructor(
    readonly docker: Docker,
    readonly info: RuntimeInfo,
  ) {
    this.volumes = dockerVolumes(docker, info.apiVersion);
  }

  readonly volumes: VolumeApi;

  readonly sandboxes: SandboxApi = {
    run: async (cfg) => {
      const c = await call(createContainer(this.docker, sandboxCreateOptions(cfg)));
      const started = call(c.start()).then(() => undefined);
      // The caller may look at `started` only later (it creates the app containers meanwhile).
      started.catch(() => undefined);
      return { id: c.id, started };
    },
    start: async (id) => {
      await this.containers.start(id);
      return id;
    },
    kill: async (id) => {
      await call(this.docker.getContainer(id).kill({ signal: 'SIGKILL' }));
    },
    remove: (id) => this.containers.remove(id),
    status: async (id) => {
      const info = await orGone(this.docker.getContainer(id).inspect());
      return info && sandboxStatus(info);
    },
  };

  readonly containers: ContainerApi = {
    create: async (cfg) => (await call(createContainer(this.docker, containerCreateOptions(cfg)))).id,
    start: async (id) => {
      await call(this.docker.getContainer(id).start());
    },
    stop: async (id, graceSeconds) => {
      await this.quietly(this.docker.getContainer(id).stop({ t: graceSeconds }));
    },
    restart: async (id, graceSeconds) => {
      await call(this.docker.getContainer(id).restart({ t: graceSeconds }));
    },
    remove: async (id) => {
      await orGone(this.docker.getContainer(id).remove({ force: true, v: true }));
    },
    status: async (id) => {
      const info = await orGone(this.docker.getContainer(id).inspect());
      return info && containerStatus(info);
    },
    list: async (f: ListFilter = {}) => {
      const filters = f.labels?.length ? { label: f.labels } : undefined;
      const list = await call(this.docker.listContainers({ all: !f.running, ...(f.limit ? { limit: f.limit } : {}), ...(filters ? { filters } : {}) }));
      return list.map(containerSummary);
    },
  };

  // Getters: the constructor's `docker` is not set yet while field initializers run.
  get plain(): PlainApi {
    return dockerPlain(this.docker);
  }

  get node(): NodeApi {
    return dockerNode(this.docker);
  }

  readonly images: ImageApi = {
    present: async (image) => (await orGone(this.docker.getImage(image).inspect())) !== null,
    pull: (image, onProgress) => pullImage(this.docker, image, onProgress),
  };

  private handsApi: HandsApi | null = null;
  get hands(): HandsApi {
    return (this.handsApi ??= dockerHands(this.docker));
  }

  readonly events: EventApi = {
    subscribe: (filter) => subscribeEvents(this.docker, filter),
    replay: (filter, since, until) => call(replayEvents(this.docker, filter, since, until, this.info.kind === 'podman')),
  };

  readonly logs: LogApi = {
    tail: (id, lines) => call(tailLogs(this.docker, id, lines)),
    follow: async (id, onLine) => {
      const info = await call(this.docker.getContainer(id).inspect());
      return call(followLogs(this.docker, id, !!info.Config.Tty, onLine));
    },
  };

  async exec(id: string, argv: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    const exec = await call(this.docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true }));
    const stream = await call(exec.start({ hijack: true, stdin: false }));
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        stream.destroy();
        reject(new Error(`${argv[0] ?? 'command'} did not finish within ${opts.timeoutMs ?? 30_000} ms`));
      }, opts.timeoutMs ?? 30_000);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        clearTimeout(t);
        resolve();
      });
      stream.on('error', (e: Error) => {
        clearTimeout(t);
        reject(e);
      });
    });
    const { stdout, stderr } = demux(Buffer.concat(chunks));
    const inspected = await call(exec.inspect());
    return { exitCode: inspected.ExitCode ?? -1, stdout, stderr };
  }

  async bridges(): Promise<BridgeNetwork[]> {
    // The first one may have been asked before Node started, by bin/podlab's launcher (early.ts).
    const ask = (): Promise<NetworkInspectInfo[]> => this.docker.listNetworks({ filters: { driver: ['bridge'] } });
    const early = takeEarlyNetworks(this.info.endpoint) as Promise<NetworkInspectInfo[]> | null;
    const listed = await (early ? early.catch(ask) : ask()).catch((): NetworkInspectInfo[] => []);
    // Podman names no bridge in this API (its own does): '' when the engine was not asked who it is.
    const networks = await withBridgeNames(this.docker, listed, this.info.version === '' ? '' : this.info.kind === 'podman' ? 'Podman' : 'Docker');
    return networks
      .filter((n) => n.Driver === 'bridge')
      .map((n) => ({ network: n.Name, bridge: bridgeName(n), subnet: n.IPAM?.Config?.[0]?.Subnet ?? '', gateway: n.IPAM?.Config?.[0]?.Gateway ?? '' }));
  }

  async runHelper(spec: { image: string; script: string; env: Record<string, string> }): Promise<ExecResult> {
    const c = await call(
      this.docker.createContainer({
        Image: spec.image,
        Entrypoint: ['sh', '-c', spec.script],
        Cmd: [],
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: { [LABEL_HELPER]: 'true' },
        HostConfig: {
          PidMode: 'host',
          // Host cgroup namespace: /proc/<pid>/cgroup then names every container's full id.
          ...({ CgroupnsMode: 'host' } as Record<string, string>),
          // Host network only so the helper's own /sys shows the host's interfaces (docker0, the veths).
          NetworkMode: 'host',
          CapDrop: ['ALL'],
          CapAdd: ['SYS_PTRACE', 'DAC_READ_SEARCH'],
          ReadonlyRootfs: true,
          LogConfig: { Type: 'json-file', Config: {} },
        },
      }),
    );
    try {
      await call(c.start());
      const res = (await call(c.wait())) as { StatusCode?: number };
      const logs: unknown = await call(c.logs({ stdout: true, stderr: true, follow: false }));
      const { stdout, stderr } = demux(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs)));
      return { exitCode: res.StatusCode ?? -1, stdout, stderr };
    } finally {
      await c.remove({ force: true }).catch(() => undefined);
    }
  }

  /** A stop of something already stopped (304) or gone is what was wanted. */
  private async quietly<T>(p: Promise<T>): Promise<void> {
    try {
      await call(p);
    } catch (err) {
      const { code } = err as RuntimeError;
      if (code !== 'not-modified' && code !== 'not-found') throw err;
    }
  }
}
