// The facts a pod is derived from, gathered first and then handed to the pure derivation (model/derive.ts) as one
// plain value: what the runtime says of its containers, what the kernel says of its netns, and the evidence behind
// a failure (log tails, who holds a hostPort). A recorded fact set derives the same pod without any engine.
import type { BackoffOptions } from '../../../shared/conflicts/backoff';
import type { HostPortHolder } from '../../../shared/conflicts/explain';
import type { PodEvent, Protocol } from '../../../shared/model';
import type { RawPod } from '../pods/discover';
import type { ProbeFacts } from '../probe/types';
import type { BridgeNetwork, RuntimeInfo } from '../runtime/runtime';

/** A hostPort the sandbox asked for. */
export interface Binding {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
}

export interface PodFacts {
  /** The pod's sandbox and app containers as the runtime reports them, with its launch manifest. */
  raw: RawPod;
  /** For a sandbox that could not start: who holds each hostPort it asked for. */
  hostPortHolders: { binding: Binding; holder: HostPortHolder }[];
  /** The last lines of each failed app container's log, by container id. */
  logTails: Record<string, string[]>;
  /** Events already known for the pod (replayed by the runtime, or recorded by the live model). */
  events: PodEvent[];
}

export interface ModelFacts {
  /** name/remote: the engine's product and whether its processes are this machine's (identity.ts). */
  runtime: Pick<RuntimeInfo, 'endpoint' | 'version' | 'apiVersion' | 'os'> & { name?: string; remote?: boolean; kind?: RuntimeInfo['kind'] };
  /** What the probe read from /proc and /sys for all the pods at once. */
  probe: ProbeFacts;
  networks: BridgeNetwork[];
  pods: PodFacts[];
  /** When the facts were gathered (epoch ms): "now" for every derivation stage. */
  at: number;
  /** The kubelet's restart back-off, to tell when a crashed container is restarted. */
  backoff: BackoffOptions;
}
