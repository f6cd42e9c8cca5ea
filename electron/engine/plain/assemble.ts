// One PlainContainer of the model from its status and the probe's kernel facts: the container's own netns (its main
// pid's), its own eth0 and host veth, its own listening sockets.
import type { PlainContainer } from '../../../shared/model';
import { listeningSockets, publishedPorts } from '../model/pod';
import type { ProbeFacts } from '../probe/types';
import type { BridgeNetwork } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_GROUP, LABEL_TWIN } from '../runtime/vocabulary';
import type { RawPlain } from './discover';
import { isPlainContainer } from './guard';

/** The pids and ids the probe must read for these containers (each running one's netns is its own). */
export function plainProbeTargets(raws: RawPlain[]): { pid: number; id: string }[] {
  return raws.filter((c) => c.state === 'running' && c.pid > 0 && !c.networkMode.startsWith('container:')).map((c) => ({ pid: c.pid, id: c.id }));
}

export function assemblePlain(c: RawPlain, facts: ProbeFacts, networks: BridgeNetwork[]): PlainContainer {
  const own = isPlainContainer(c.labels, undefined, c.name);
  const running = c.state === 'running' && c.pid > 0;
  const ns = running ? facts.netns.get(c.pid) : undefined;
  const eth0 = ns?.ifaces.find((i) => i.name === 'eth0');
  const hostVeth = eth0 && eth0.iflink !== eth0.ifindex ? (facts.hostIfaces.find((h) => h.ifindex === eth0.iflink)?.name ?? null) : null;
  const mode = c.networkMode;
  const onBridge = !mode.startsWith('container:') && mode !== 'host' && mode !== 'none';
  const key = own ? (c.labels[LABEL_CONTAINER] ?? c.name) : c.name;
  return {
    name: c.name,
    id: c.id,
    image: c.image,
    state: c.state,
    ip: c.network?.ip || null,
    mac: c.network?.mac || null,
    hostVeth,
    namespaces: { net: ns?.links.net ?? null },
    listening: ns ? listeningSockets(ns, facts, new Map([[c.id, key]])) : [],
    group: own ? c.labels[LABEL_GROUP] : null,
    ...(own ? { container: key, twin: c.labels[LABEL_TWIN] ?? null } : {}),
    network: mode,
    bridge: onBridge ? (networks.find((n) => n.network === c.networkName)?.bridge ?? null) : null,
    pid: running ? c.pid : undefined,
    exitCode: c.state === 'exited' || c.state === 'dead' ? c.exitCode : null,
    ports: publishedPorts(c),
  };
}
