// Gathers every fact the pods of a model are derived from, in one go: the probe (one run for all pods), the
// runtime's bridges, and per pod the evidence of its failures (log tails, hostPort holders) and its known events.
import type { PodEvent } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import type { RawPod } from '../pods/discover';
import type { ProbeRequest } from '../probe';
import type { BridgeNetwork } from '../runtime/runtime';
import { engineIdentity } from '../identity';
import { gatherHostPortHolders } from './hostports';
import { gatherLogTails } from './logs';
import { gatherReadiness } from '../model/readiness';
import { gatherLiveness } from '../model/liveness';
import { probePods } from './probe';
import type { ModelFacts, PodFacts } from './types';

export interface GatherOptions {
  /** The runtime's bridges, when the caller has them already (the live model keeps them between events). */
  networks: BridgeNetwork[];
  /** Events known per pod (replayed by the runtime, or recorded by the live model). */
  events?: Map<string, PodEvent[]>;
  /** TCP tables a launch started reading early, by sandbox pid. */
  tcpTables?: ProbeRequest['tcpTables'];
  /** The host's interfaces and cgroup pid lists a caller read early (model/build.ts). */
  hostIfaces?: ProbeRequest['hostIfaces'];
  cgroupPids?: ProbeRequest['cgroupPids'];
  /** What the native dump read, once it has read the sandboxes' netns too (pods/listed.ts). */
  dumped?: Promise<ProbeRequest['dumped']>;
  /** Probe each livenessProbe once (one-shot readers: nobody else probes; the live model's kubelet has a prober). */
  liveness?: boolean;
}

/** One pod's own facts beside the probe's. */
async function gatherPod(conn: EngineConnection, raw: RawPod, events: PodEvent[], liveness: boolean): Promise<PodFacts> {
  const [hostPortHolders, logTails, readiness, live] = await Promise.all([
    gatherHostPortHolders(conn, raw.sandbox),
    gatherLogTails(conn.runtime, raw.apps, conn.caches.logTails),
    gatherReadiness(conn.runtime, raw),
    liveness ? gatherLiveness(conn.runtime, raw) : undefined,
  ]);
  // Probe answers belong with the discovered pod: the pod's derivation reads them from there.
  return { raw: { ...raw, ...(readiness ? { readiness } : {}), ...(live ? { liveness: live } : {}) }, hostPortHolders, logTails, events };
}

/** The facts of these discovered pods: probe and per-pod evidence are read side by side. */
export async function gatherFacts(conn: EngineConnection, raws: RawPod[], opts: GatherOptions): Promise<ModelFacts> {
  const [probe, pods] = await Promise.all([
    probePods(conn, raws, { tcpTables: opts.tcpTables, hostIfaces: opts.hostIfaces, cgroupPids: opts.cgroupPids, dumped: opts.dumped }),
    Promise.all(raws.map((r) => gatherPod(conn, r, opts.events?.get(r.name) ?? [], opts.liveness === true))),
  ]);
  return {
    runtime: { endpoint: conn.endpoint, version: conn.version, apiVersion: conn.apiVersion, os: conn.os, ...engineIdentity(conn) },
    probe,
    networks: opts.networks,
    pods,
    at: Date.now(),
    backoff: conn.config.backoff,
  };
}
