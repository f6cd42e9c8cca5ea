// Builds the one network model: discover the pods, gather their facts (facts/gather.ts), derive (model/derive.ts).
import type { Model, PodEvent } from '../../../shared/model';
import type { EngineConnection } from '../docker';
import { recentPodEvents } from '../facts/events';
import { gatherFacts } from '../facts/gather';
import { chosen, listBridgeNetworks } from '../facts/probe';
import { discoverPodByIds, type LaunchedPod, type RawPod } from '../pods/discover';
import { startHostIfaces, startTcpTables } from '../probe';
import { discoverAllPods } from '../pods/observed';
import { deriveModel } from './derive';
import { readPlainContainers, withPlainContainers } from '../plain/live';
import { withOneListing } from '../pods/listing';
import { takeListingAhead } from '../caches';
import { listedDescriber, type ListedDescriber } from '../pods/listed';
import { procDumpAvailable } from '../probe/procdump';
import { trace } from '../trace';

export interface BuildOptions {
  /** Only these pods (by name). */
  pods?: string[];
  /** Replay the named pods' recent engine events (default true); a launch result does not need them. */
  events?: boolean;
  /** What a launch that just started the one pod in `pods` knows: its containers (no listing needed) and sandbox pid. */
  launched?: LaunchedPod;
  /** Also read the containers outside any pod (default: only for a model of every pod). */
  plain?: boolean;
  /** Describe running app containers from the listing where it can (default true); false inspects every container. */
  listed?: boolean;
}

/** Whether the direct probe (this machine's /proc and /sys) will read this engine's pods: checked, or likely (root, local). */
function readsProcHere(conn: EngineConnection): boolean {
  const path = chosen.get(conn);
  return path === 'direct' || (path === undefined && !conn.remote && process.platform === 'linux' && process.getuid?.() === 0);
}

/** Whether the listing describer is used: a Docker engine on this machine only (its pids and cgroups are ours to read). */
function describes(conn: EngineConnection, opts: BuildOptions): boolean {
  return opts.listed !== false && !conn.remote && conn.runtime.info.kind === 'docker' && process.platform === 'linux';
}

/** Whether one native dump reads the listed pods' /proc facts, the host's interfaces included (pods/listed.ts). */
function dumpsProc(conn: EngineConnection, opts: BuildOptions): boolean {
  return describes(conn, opts) && !(opts.launched && opts.pods?.length === 1) && readsProcHere(conn) && procDumpAvailable();
}

function describerFor(conn: EngineConnection, opts: BuildOptions): ListedDescriber | undefined {
  return describes(conn, opts) ? listedDescriber({ native: dumpsProc(conn, opts) }) : undefined;
}

export async function buildModel(conn: EngineConnection, opts: BuildOptions = {}): Promise<Model> {
  return (await buildModelAndPods(conn, opts)).model;
}

/** buildModel, also handing over the pods as discovered (a snapshot reads their manifests from them). */
export async function buildModelAndPods(conn: EngineConnection, opts: BuildOptions = {}): Promise<{ model: Model; raws: RawPod[] }> {
  // A launched pod's sandbox pid is known: its TCP tables (the slow part of a probe) are read while the engine answers.
  const pid = opts.launched?.sandboxPid ?? 0;
  // Not for a remote engine: its pids are not this machine's.
  const tcpTables = pid > 0 && !conn.remote && chosen.get(conn) !== 'helper' ? new Map([[pid, startTcpTables(pid)]]) : undefined;
  const describer = describerFor(conn, opts);
  // The host's interfaces are read while the engine answers the listing (the direct probe's largest part on a busy
  // host), unless the native dump reads them.
  const hostIfaces = readsProcHere(conn) && !describer?.native ? startHostIfaces() : undefined;
  const wantPlain = opts.plain ?? !opts.pods;
  // A model of every pod reads podlab's pods, the observed ones and the plain containers from one listing.
  const rt = !opts.pods ? withOneListing(conn.runtime, takeListingAhead(conn.caches)) : conn.runtime;
  const networksRead = listBridgeNetworks(conn);
  // The containers outside any pod are read beside the pods (their own probe: plain/live.ts), not after them.
  const plainRead = wantPlain ? networksRead.then((n) => readPlainContainers(conn, n, undefined, rt)) : Promise.resolve(null);
  plainRead.catch(() => undefined);
  const [raws, networks, events] = await Promise.all([
    opts.launched && opts.pods?.length === 1 ? discoverPodByIds(conn.runtime, opts.pods[0], opts.launched.ids, opts.launched.sandboxId).then((p) => [p]) : discoverAllPods(rt, opts.pods, describer),
    networksRead,
    // Named pods (inspect) also get their recent events, replayed by the engine.
    opts.pods?.length && opts.events !== false ? recentPodEvents(conn, opts.pods).catch(() => new Map<string, PodEvent[]>()) : Promise.resolve(new Map<string, PodEvent[]>()),
  ]);
  trace('pods discovered');
  const [facts, plain] = await Promise.all([gatherFacts(conn, raws, { networks, events, tcpTables, hostIfaces: describer?.hostIfaces() ?? hostIfaces, cgroupPids: describer?.cgroupPids, dumped: describer?.dumped(), liveness: true }), plainRead]);
  trace('facts gathered');
  const model = deriveModel(facts);
  if (plain) withPlainContainers(model, plain);
  trace('model derived');
  return { model, raws };
}
