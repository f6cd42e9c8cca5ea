// What a probe reads from the kernel for the model: host interfaces, each sandbox's netns and the pod processes' sockets.
import type { ProbePath } from '../../../shared/model';
import type { SocketFamily } from '../../../shared/procnet';
import type { DumpedContainer } from './procdump';

export interface ProbeRequest {
  /** Host pids of running sandboxes (their netns is the pod's). */
  sandboxPids: number[];
  /** Host pids of running app containers (their own netns link is read). */
  appPids: number[];
  /** Full ids of the containers whose processes (and their sockets) are wanted. */
  containerIds: string[];
  /** Main pid of each of those containers: lets the direct probe read its cgroup's process list instead of all of /proc. */
  mainPids?: Record<string, number>;
  /** TCP socket tables a caller started reading earlier (see startTcpTables), by sandbox pid. */
  tcpTables?: Map<number, Promise<TcpTables>>;
  /** The host's interfaces, when a caller started reading them while the engine answered (see startHostIfaces). */
  hostIfaces?: Promise<SysIface[]>;
  /** The pids of a container's cgroup, by its main pid, where the caller has just read them (pods/listed.ts). */
  cgroupPids?: Map<number, string[]>;
  /** What the native dump read of the containers pods/listed.ts described from it, by main pid (probe/procdump.ts). */
  dumped?: Map<number, DumpedContainer>;
}

/** /proc/<pid>/net/tcp and tcp6 of a netns (null when unreadable). */
export type TcpTables = [string | null, string | null];

/** One network interface as /sys/class/net shows it. */
export interface SysIface {
  name: string;
  ifindex: number;
  iflink: number;
  mtu: number;
  mac: string | null;
  operstate: string;
  /** The bridge it is enslaved to (…/master link), or null. */
  master: string | null;
}

/** The /proc/<pid>/net files a netns is read for, besides its TCP tables (which sock_diag or the thread pool reads). */
export const NETNS_FILES = ['udp', 'udp6', 'fib_trie', 'route', 'if_inet6'] as const;

export interface NetnsFacts {
  pid: number;
  links: { net: string | null; ipc: string | null; uts: string | null; pid: string | null };
  ifaces: SysIface[];
  /** Raw /proc/<pid>/net/* texts, parsed by shared/procnet. */
  files: Partial<Record<SocketFamily | 'fib_trie' | 'route' | 'if_inet6', string>>;
}

export interface ProcFacts {
  pid: number;
  containerId: string;
  comm: string;
  sockets: number[];
}

export interface ProbeFacts {
  path: ProbePath;
  hostIfaces: SysIface[];
  netns: Map<number, NetnsFacts>;
  /** App pid → its own "net:[inode]" link. */
  nsNet: Map<number, string | null>;
  /** App pid → its own "uts:[inode]" link (Podman gives joined containers their own UTS namespace; Docker does not). */
  nsUts?: Map<number, string | null>;
  procs: ProcFacts[];
  /** Wall time the probe took, for the cost report. */
  ms: number;
  error?: string;
}

export function emptyFacts(path: ProbePath, error?: string): ProbeFacts {
  return { path, hostIfaces: [], netns: new Map(), nsNet: new Map(), procs: [], ms: 0, error };
}
