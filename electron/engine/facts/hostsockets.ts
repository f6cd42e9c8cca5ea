// Who holds a port on the host: the host's own socket tables (/proc/net/{tcp,tcp6,udp,udp6}) and, when
// readable, the process whose /proc/<pid>/fd links to that socket inode. Linux with a local engine only.
// fs.promises (loaded on first use): this module is in every command that builds a model, and it runs only on a
// hostPort conflict.
import { promises as fsp } from 'node:fs';
import type { Protocol } from '../../../shared/model';
import { isListening, parseSocketTable, socketInode, type SocketEntry } from '../../../shared/procnet';
import { socketsOverlap, protocolKey } from '../../../shared/conflicts/overlap';

export interface HostSocketHolder {
  address: string;
  port: number;
  protocol: Protocol;
  pid: number | null;
  process: string | null;
}

async function table(family: SocketEntry['protocol']): Promise<SocketEntry[]> {
  try {
    return parseSocketTable(await fsp.readFile(`/proc/net/${family}`, 'utf8'), family);
  } catch {
    return [];
  }
}

/** The pid and command name owning one of these socket inodes, scanning /proc/*\/fd (bounded; unreadable fds skipped). */
async function ownerOf(inodes: Set<number>): Promise<{ pid: number; process: string } | null> {
  let pids: string[];
  try {
    pids = (await fsp.readdir('/proc')).filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids.slice(0, 5000)) {
    let fds: string[];
    try {
      fds = await fsp.readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds.slice(0, 4096)) {
      let link: string;
      try {
        link = await fsp.readlink(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = socketInode(link);
      if (inode != null && inodes.has(inode)) {
        const comm = await fsp.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
        return { pid: Number(pid), process: comm.trim() || null } as { pid: number; process: string };
      }
    }
  }
  return null;
}

/** The listening sockets of these tables that keep hostIp:hostPort/protocol from being bound. */
export function listeningOn(entries: SocketEntry[], hostIp: string, hostPort: number, protocol: Protocol): SocketEntry[] {
  return entries
    .filter(isListening)
    .filter((e) => socketsOverlap({ protocol: protocolKey(e.protocol), address: e.localAddress, port: e.localPort }, { protocol, address: hostIp, port: hostPort }));
}

/** The host socket that keeps hostIp:hostPort/protocol from being bound, with its process when readable; null when none. */
export async function findHostSocketHolder(hostIp: string, hostPort: number, protocol: Protocol): Promise<HostSocketHolder | null> {
  if (process.platform !== 'linux') return null;
  const families: SocketEntry['protocol'][] = protocol === 'udp' ? ['udp', 'udp6'] : ['tcp', 'tcp6'];
  const hits = listeningOn((await Promise.all(families.map(table))).flat(), hostIp, hostPort, protocol);
  if (hits.length === 0) return null;
  const owner = await ownerOf(new Set(hits.map((h) => h.inode).filter((i) => i > 0)));
  const h = hits[0]!;
  return { address: h.localAddress, port: h.localPort, protocol, pid: owner?.pid ?? null, process: owner?.process ?? null };
}
