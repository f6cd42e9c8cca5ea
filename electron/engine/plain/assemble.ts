// One PlainContainer of the model from its inspect and the probe's kernel facts: the container's own netns (its main
// pid's), its own eth0 and host veth, its own listening sockets.
import type { NetworkInspectInfo } from 'dockerode';
import type { ContainerState, PlainContainer } from '../../../shared/model';
import { LABEL_CONTAINER, LABEL_GROUP } from '../../../shared/model';
import { bridgeName } from '../model/host';
import { listeningSockets, publishedPorts } from '../model/pod';
import type { ProbeFacts } from '../probe/types';
import { isPlainContainer } from './guard';
import type { RawPlain } from './discover';

/** The plain group's twin pod: the manifest's own metadata.name, kept when the group got another name. */
export const LABEL_TWIN = 'io.podlab.twin';

/** Docker's network mode in its own words; "default" is the bridge network on Linux. */
export function networkMode(c: RawPlain): string {
  const mode = c.HostConfig.NetworkMode ?? 'default';
  return mode === 'default' ? 'bridge' : mode;
}

/** The pids and ids the probe must read for these containers (each running one's netns is its own). */
export function plainProbeTargets(raws: RawPlain[]): { pid: number; id: string }[] {
  return raws.filter((c) => c.State.Running && c.State.Pid > 0 && !networkMode(c).startsWith('container:')).map((c) => ({ pid: c.State.Pid, id: c.Id }));
}

export function assemblePlain(c: RawPlain, facts: ProbeFacts, networks: NetworkInspectInfo[]): PlainContainer {
  const labels = c.Config.Labels ?? {};
  const own = isPlainContainer(labels);
  const name = c.Name.replace(/^\//, '');
  const mode = networkMode(c);
  const [netName, net] = Object.entries(c.NetworkSettings?.Networks ?? {}).sort(([a], [b]) => (a === mode ? -1 : b === mode ? 1 : 0))[0] ?? [];
  const network = networks.find((n) => n.Name === netName || n.Id === net?.NetworkID);
  const running = c.State.Running && c.State.Pid > 0;
  const ns = running ? facts.netns.get(c.State.Pid) : undefined;
  const eth0 = ns?.ifaces.find((i) => i.name === 'eth0');
  const hostVeth = eth0 && eth0.iflink !== eth0.ifindex ? (facts.hostIfaces.find((h) => h.ifindex === eth0.iflink)?.name ?? null) : null;
  const state = c.State.Status as ContainerState;
  return {
    name,
    id: c.Id,
    image: c.Config.Image,
    state,
    ip: (running && net?.IPAddress) || null,
    mac: (running && net?.MacAddress) || null,
    hostVeth,
    namespaces: { net: ns?.links.net ?? null },
    listening: ns ? listeningSockets(ns, facts, new Map([[c.Id, own ? (labels[LABEL_CONTAINER] ?? name) : name]])) : [],
    group: own ? labels[LABEL_GROUP] : null,
    ...(own ? { container: labels[LABEL_CONTAINER] ?? name, twin: labels[LABEL_TWIN] ?? null } : {}),
    network: mode,
    bridge: network?.Driver === 'bridge' && !mode.startsWith('container:') && mode !== 'host' && mode !== 'none' ? bridgeName(network) : null,
    pid: running ? c.State.Pid : undefined,
    exitCode: state === 'exited' || state === 'dead' ? c.State.ExitCode : null,
    ports: publishedPorts(c),
  };
}
