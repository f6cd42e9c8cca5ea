// Who holds a port on the engine's host when that host is not this machine (a remote engine, a VM): the same lookup as
// hostsockets.ts — the host's socket tables, then the process whose fds hold the socket — run by the helper container
// (host pid and network namespaces) on the engine's host. Its pids are that host's, never looked up here.
import type { Protocol } from '../../../shared/model';
import { parseSocketTable, type SocketEntry } from '../../../shared/procnet';
import type { Runtime } from '../runtime/runtime';
import { listeningOn, type HostSocketHolder } from './hostsockets';

/** Expects env FAMILIES ("tcp tcp6" or "udp udp6") and PORT. Prints the tables, then the owners of sockets on PORT. */
export const HOST_SOCKETS_SCRIPT = String.raw`
P=$(printf ':%04X' "$PORT")
for f in $FAMILIES; do echo "@@file $f"; cat /proc/net/$f 2>/dev/null; done
I=$(for f in $FAMILIES; do cat /proc/net/$f 2>/dev/null; done | awk -v p="$P" '$2 ~ p"$" {print $10}' | sort -u | tr '\n' '|' | sed 's/|$//')
if [ -n "$I" ]; then
  for d in /proc/[0-9]*; do
    s=$(ls -l $d/fd 2>/dev/null | grep -oE "socket:\[($I)\]" | head -n 1 | tr -dc 0-9)
    [ -n "$s" ] || continue
    read c < $d/comm
    echo "@@owner \${d#/proc/} $s $c"
  done
fi
echo "@@done"
`.replace(/\\\$/g, '$');

/** Parses the helper's output: the socket tables and the owners (pid, socket inode, command) it found. */
export function parseHostSocketsDump(text: string): { entries: SocketEntry[]; owners: { pid: number; inode: number; process: string }[] } {
  const files: Partial<Record<SocketEntry['protocol'], string>> = {};
  const owners: { pid: number; inode: number; process: string }[] = [];
  let file: SocketEntry['protocol'] | null = null;
  let done = false;
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f[0] === '@@file' && (f[1] === 'tcp' || f[1] === 'tcp6' || f[1] === 'udp' || f[1] === 'udp6')) {
      file = f[1];
      files[file] = '';
    } else if (f[0] === '@@owner') {
      file = null;
      owners.push({ pid: Number(f[1]), inode: Number(f[2]), process: f.slice(3).join(' ') });
    } else if (f[0] === '@@done') {
      done = true;
    } else if (file) files[file] += line + '\n';
  }
  if (!done) throw new Error('the host-socket helper stopped before it finished its report');
  const entries = (Object.entries(files) as [SocketEntry['protocol'], string][]).flatMap(([fam, t]) => parseSocketTable(t, fam));
  return { entries, owners };
}

/** The engine host's socket that keeps hostIp:hostPort/protocol from being bound, read through the helper; null when none. */
export async function findRemoteHostSocketHolder(rt: Runtime, helperImage: string, hostIp: string, hostPort: number, protocol: Protocol): Promise<HostSocketHolder | null> {
  const res = await rt.runHelper({ image: helperImage, script: HOST_SOCKETS_SCRIPT, env: { FAMILIES: protocol === 'udp' ? 'udp udp6' : 'tcp tcp6', PORT: String(hostPort) } });
  const { entries, owners } = parseHostSocketsDump(res.stdout);
  const hits = listeningOn(entries, hostIp, hostPort, protocol);
  if (hits.length === 0) return null;
  const h = hits[0]!;
  const owner = owners.find((o) => hits.some((x) => x.inode === o.inode));
  return { address: h.localAddress, port: h.localPort, protocol, pid: owner?.pid ?? null, process: owner?.process ?? null };
}
