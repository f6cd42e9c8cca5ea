// The CRI implementation of the runtime interface: containerd (or CRI-O) over runtime.v1, with CNI giving each
// sandbox its netns, veth and IP. Launches the way the kubelet does (RunPodSandbox, then Create/StartContainer per
// container, images through the ImageService); what the CRI cannot do is refused with the reason (see notInCri).
import { existsSync } from 'node:fs';
import { CriClient } from '../../cri/client';
import type { PodSandboxConfig } from '../../cri/types';
import type { NodeApi } from '../plain';
import type { BridgeNetwork, ContainerApi, EventApi, ExecResult, ImageApi, ListFilter, LogApi, PortMapping, Runtime, RuntimeInfo, SandboxApi } from '../runtime';
import { RuntimeError } from '../runtime';
import { LABEL_MANIFEST } from '../vocabulary';
import { bridgesFromStatus, sandboxImageFromStatus } from './cni';
import { K8S_POD_UID, criContainerConfig, podSandboxConfig } from './config';
import { call, notInCri, orGone } from './errors';
import { subscribeCriEvents, type EventMode } from './events';
import { allocatedMessage, heldBySandbox, hostListens, inUseMessage } from './hostports';
import { followCriLog, tailCriLog } from './logs';
import { criHands } from './hands';
import type { HandsApi } from '../hands';
import { pendingPorts, pendingRecord, pendingRecordConfig } from './pending';
import { criNode } from './node';
import { removePodState, withPodHostsFile } from './pod-state';
import { replayFromStatuses, wantedLabels } from './replay';
import { configLogDirectory, configPorts, containerSummary, criContainerStatus, criSandboxStatus, sandboxSummary } from './status';

/** shareProcessNamespace from the launch manifest podlab keeps on the sandbox (a pod-level setting in the CRI). */
function sharesPid(labels: Record<string, string>): boolean {
  try {
    const m = JSON.parse(labels[LABEL_MANIFEST] ?? '{}') as { spec?: { shareProcessNamespace?: unknown } };
    return m.spec?.shareProcessNamespace === true;
  } catch {
    return false;
  }
}

/** "key" / "key=value" filters: equality goes to the runtime's label selector, a bare key is checked here. */
function labelMatch(filter: string[] | undefined): { selector: Record<string, string>; keys: string[] } {
  const selector: Record<string, string> = {};
  const keys: string[] = [];
  for (const f of filter ?? []) {
    const i = f.indexOf('=');
    if (i < 0) keys.push(f);
    else selector[f.slice(0, i)] = f.slice(i + 1);
  }
  return { selector, keys };
}

export class CriRuntime implements Runtime {
  /** How events arrive, once a subscription has found out (doctor says which). */
  eventMode: EventMode | null = null;
  /** The configs of the sandboxes this process ran (CreateContainer wants the sandbox's config again). */
  private readonly configs = new Map<string, PodSandboxConfig>();

  constructor(
    readonly client: CriClient,
    readonly info: RuntimeInfo,
    /** The environment of the connection (PODLAB_CRI_LOG_ROOT, PODLAB_CRI_POD_ROOT): the CLI's, or a test's own. */
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  static async connect(endpoint: string, env: NodeJS.ProcessEnv = process.env): Promise<CriRuntime> {
    const client = new CriClient(endpoint);
    try {
      const v = await call(client.version());
      return new CriRuntime(client, { kind: 'cri', endpoint, version: v.runtimeVersion, apiVersion: v.runtimeApiVersion, os: 'linux', platform: v.runtimeName }, env);
    } catch (err) {
      client.close();
      throw err;
    }
  }

  close(): void {
    this.client.close();
  }

  /** The sandbox's config: the one this process sent, else rebuilt from what the runtime echoes in its status. */
  private async sandboxConfig(id: string): Promise<PodSandboxConfig> {
    const known = this.configs.get(id);
    if (known) return known;
    const res = await call(this.client.podSandboxStatus(id, true));
    const s = res.status;
    if (!s) throw notInCri('find that sandbox', `sandbox ${id} is gone`);
    return {
      metadata: s.metadata,
      hostname: '',
      logDirectory: configLogDirectory(res.info),
      portMappings: [],
      labels: s.labels,
      annotations: s.annotations,
      linux: { securityContext: { namespaceOptions: s.linux?.namespaces?.options ?? { network: 'POD', ipc: 'POD', pid: 'CONTAINER' } } },
    };
  }

  /** Why a hostPort cannot be had: another ready sandbox or a host process holds it (portmap would not say: ./hostports.ts). */
  private async takenHostPort(wanted: PortMapping[]): Promise<string | null> {
    if (wanted.length === 0) return null;
    const ready = await call(this.client.listPodSandbox({ state: { state: 'SANDBOX_READY' } }));
    const held = await Promise.all(
      ready.map(async (s) => ({ pod: s.metadata.name, ports: configPorts((await orGone(this.client.podSandboxStatus(s.id, true)))?.info ?? {}) })),
    );
    const taken = heldBySandbox(wanted, held);
    if (taken) return allocatedMessage(taken.port, taken.pod);
    for (const p of wanted) if (await hostListens(p)) return inUseMessage(p);
    return null;
  }

  /** Runs a sandbox and remembers its config (CreateContainer wants it again). */
  private async runSandbox(config: PodSandboxConfig): Promise<string> {
    const id = await call(this.client.runPodSandbox(config));
    this.configs.set(id, config);
    return id;
  }

  private async isSandbox(id: string): Promise<boolean> {
    return (await call(this.client.listPodSandbox({ id }))).length > 0;
  }

  readonly sandboxes: SandboxApi = {
    run: async (cfg) => {
      const config = podSandboxConfig(cfg, sharesPid(cfg.labels), this.env);
      const taken = await this.takenHostPort(cfg.ports);
      if (taken) {
        // The pod stays Pending, nothing of it on the network: its record only (./pending.ts), as Docker leaves a
        // sandbox created. Like Docker's, `started` says why.
        const id = await call(this.client.runPodSandbox(pendingRecordConfig(config, taken)));
        await orGone(this.client.stopPodSandbox(id));
        const started = Promise.reject(new RuntimeError(taken, 'conflict'));
        started.catch(() => undefined); // the caller looks at it after creating nothing else
        return { id, started };
      }
      // RunPodSandbox returns once the sandbox runs with its CNI network (and the hostPorts portmap set up).
      return { id: await this.runSandbox(config), started: Promise.resolve() };
    },
    start: async (id) => {
      const record = pendingRecord((await call(this.client.podSandboxStatus(id, false))).status?.labels ?? {});
      if (!record) throw notInCri('start a stopped sandbox again', 'a stopped pod sandbox stays stopped; podlab creates a new one (SandboxChanged, attempt + 1), as the kubelet does.');
      const taken = await this.takenHostPort(pendingPorts(record.config));
      if (taken) throw new RuntimeError(taken, 'conflict');
      // The record makes way for the real sandbox (the runtime reserves the pod's name and attempt for one of them).
      await this.sandboxes.remove(id);
      return this.runSandbox(record.config);
    },
    kill: async (id) => {
      // "Kill the sandbox" means its pause process alone (the lesson: the apps are stranded). The CRI can only stop
      // the whole pod, so the pause process is killed on this host when it is visible here.
      const st = await call(this.client.podSandboxStatus(id, true));
      const pid = criSandboxStatus(st)?.pid ?? 0;
      if (pid > 0 && existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
      else await call(this.client.stopPodSandbox(id));
    },
    remove: async (id) => {
      const uid = this.configs.get(id)?.metadata.uid ?? (await orGone(this.client.podSandboxStatus(id, false)))?.status?.metadata.uid;
      await orGone(this.client.stopPodSandbox(id));
      await orGone(this.client.removePodSandbox(id));
      this.configs.delete(id);
      // The pod's state (etc-hosts) goes with its last sandbox (of two removed side by side, the second to go sees
      // none left); a SandboxChanged successor writes it again.
      if (uid && (await call(this.client.listPodSandbox({ labelSelector: { [K8S_POD_UID]: uid } }))).length === 0) removePodState(uid, this.env);
    },
    status: async (id) => {
      const res = await orGone(this.client.podSandboxStatus(id, true));
      return res && criSandboxStatus(res);
    },
    // The runtime's sandbox_image: RunPodSandbox uses it whatever podlab asks, so podlab neither checks nor pulls one.
    ownImage: async () => sandboxImageFromStatus((await call(this.client.status(true))).info),
  };

  readonly containers: ContainerApi = {
    create: async (cfg) => {
      const sandbox = await this.sandboxConfig(cfg.sandboxId);
      // The kubelet's etc-hosts (hostAliases, the pod's FQDN): the CRI has no field for them (./pod-state.ts).
      const config = await call(withPodHostsFile(this.client, cfg.sandboxId, sandbox, criContainerConfig(cfg), cfg, this.env));
      return call(this.client.createContainer(cfg.sandboxId, config, sandbox));
    },
    start: async (id) => {
      if (await this.isSandbox(id)) {
        await this.sandboxes.start(id);
        return;
      }
      await call(this.client.startContainer(id)).catch(async (err: unknown) => {
        // containerd's own refusal names states, not what to do: an exited container's start is the CRI's limit.
        if ((await orGone(this.client.containerStatus(id, false)).catch(() => null))?.status?.state === 'CONTAINER_EXITED') {
          throw notInCri('start an exited container again', "a CRI container runs once; the kubelet makes a new one (attempt + 1) — podlab's restart manager does the same while the app, serve or watch runs (restartPolicy), or remove the pod and launch it again.");
        }
        throw err;
      });
    },
    stop: async (id, graceSeconds) => {
      if (await this.isSandbox(id)) await orGone(this.client.stopPodSandbox(id));
      else await orGone(this.client.stopContainer(id, graceSeconds));
    },
    restart: () => Promise.reject(notInCri('restart a container', 'an exited CRI container cannot start again; podlab creates a new one (attempt + 1), as the kubelet does.')),
    remove: async (id) => {
      if (await this.isSandbox(id)) return this.sandboxes.remove(id);
      await orGone(this.client.removeContainer(id));
    },
    status: async (id) => {
      const res = await orGone(this.client.containerStatus(id, true));
      if (!res) return this.sandboxes.status(id);
      const sandboxId = res.status ? (JSON.parse(res.info.info ?? '{}') as { sandboxID?: string }).sandboxID : undefined;
      const sandbox = sandboxId ? await this.sandboxes.status(sandboxId).catch(() => null) : null;
      return criContainerStatus(res, sandbox?.pid || null);
    },
    list: async (f: ListFilter = {}) => {
      const { selector, keys } = labelMatch(f.labels);
      const [sandboxes, containers] = await Promise.all([
        call(this.client.listPodSandbox({ labelSelector: selector, ...(f.running ? { state: { state: 'SANDBOX_READY' as const } } : {}) })),
        call(this.client.listContainers({ labelSelector: selector, ...(f.running ? { state: { state: 'CONTAINER_RUNNING' as const } } : {}) })),
      ]);
      const ports = new Map<string, ReturnType<typeof configPorts>>();
      // Published ports are in the verbose status only (ready sandboxes: the ones whose ports count).
      await Promise.all(
        sandboxes
          .filter((s) => s.state === 'SANDBOX_READY')
          .map(async (s) => ports.set(s.id, configPorts((await orGone(this.client.podSandboxStatus(s.id, true)))?.info ?? {}))),
      );
      const all = [...sandboxes.map((s) => sandboxSummary(s, ports.get(s.id) ?? [])), ...containers.map(containerSummary)];
      const matching = all.filter((c) => keys.every((k) => k in c.labels));
      return f.limit ? matching.slice(0, f.limit) : matching;
    },
  };

  readonly images: ImageApi = {
    present: async (image) => (await call(this.client.imageStatus(image))) !== null,
    pull: async (image, onProgress) => {
      // The CRI's PullImage reports no progress: the start and the end are all there is to show.
      onProgress?.({ status: `Pulling ${image} through the CRI ImageService (the runtime reports no progress)`, fraction: null });
      await call(this.client.pullImage(image));
      onProgress?.({ status: `Pulled ${image}`, fraction: 1 });
    },
  };

  readonly events: EventApi = {
    subscribe: (filter) =>
      subscribeCriEvents(this.client, filter, (m) => {
        this.eventMode = m;
      }),
    // The CRI keeps no event history: the events are rebuilt from the statuses of what is still there.
    replay: async (filter, since, until) => {
      const [sandboxes, containers] = await Promise.all([call(this.client.listPodSandbox()), call(this.client.listContainers())]);
      const statuses = await Promise.all(
        containers.filter((c) => wantedLabels(filter, c.labels)).map(async (c) => (await orGone(this.client.containerStatus(c.id, false)))?.status ?? null),
      );
      const ofPods = sandboxes.filter((s) => wantedLabels(filter, s.labels));
      return replayFromStatuses(ofPods, statuses.filter((s) => s !== null), filter, since, until);
    },
  };

  private async logPath(id: string): Promise<string> {
    return (await orGone(this.client.containerStatus(id, false)))?.status?.logPath ?? '';
  }

  readonly logs: LogApi = {
    tail: async (id, lines) => tailCriLog(await this.logPath(id), lines),
    follow: async (id, onLine) => {
      const path = await this.logPath(id);
      if (!path) throw notInCri('show this log', `${id} has no log file (a sandbox, or a container that is gone).`);
      return followCriLog(path, onLine);
    },
  };

  async exec(id: string, argv: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    const r = await call(this.client.execSync(id, argv, Math.ceil((opts.timeoutMs ?? 30_000) / 1000)));
    return { exitCode: r.exitCode, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  }

  get node(): NodeApi { return criNode(this.client); }

  /** exec through ExecSync and the kubelet's log files; what needs the CRI's streaming server is refused (./hands.ts). */
  get hands(): HandsApi { return criHands(this.client); }

  async bridges(): Promise<BridgeNetwork[]> {
    return bridgesFromStatus((await call(this.client.status(true))).info);
  }

  runHelper(): Promise<ExecResult> {
    return Promise.reject(notInCri('run podlab\'s probe helper', 'on a CRI node podlab reads /proc and /sys itself — run it as root on the node (sudo podlab --runtime-endpoint …).'));
  }
}
