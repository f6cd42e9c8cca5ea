// The helper probe's shell script (runs in busybox sh inside a --pid=host helper container) and the parser of what
// it prints: one text dump with "@@" marker lines, turned into the same ProbeFacts the direct probe returns.
import { containerIdFromCgroup, socketInode } from '../../../shared/procnet';
import type { NetnsFacts, ProbeFacts, ProcFacts, SysIface } from './types';

/** Expects env SANDBOXES, APPS (pids) and IDS (container ids joined by "|"). Uses builtins (read) to avoid forks. */
export const HELPER_SCRIPT = String.raw`
ifs() {
  for d in "$1"/*; do
    [ -e "$d/ifindex" ] || continue
    read i < "$d/ifindex"; read l < "$d/iflink"; read m < "$d/mtu"; read a < "$d/address"; read o < "$d/operstate"
    b=$(readlink "$d/master" 2>/dev/null); b=\${b##*/}
    echo "@@if \${d##*/} $i $l $m \${a:--} \${o:-unknown} \${b:--}"
  done
}
echo "@@host"; ifs /sys/class/net
for p in $SANDBOXES; do
  echo "@@ns $p"
  for k in net ipc uts pid; do echo "@@link $k $(readlink /proc/$p/ns/$k 2>/dev/null)"; done
  ifs /proc/$p/root/sys/class/net
  for f in tcp tcp6 udp udp6 fib_trie route if_inet6; do echo "@@file $f"; cat /proc/$p/net/$f 2>/dev/null; done
done
echo "@@end"
for p in $APPS; do echo "@@nsnet $p $(readlink /proc/$p/ns/net 2>/dev/null) $(readlink /proc/$p/ns/uts 2>/dev/null)"; done
if [ -n "$IDS" ]; then
  for f in $(grep -l -E "$IDS" /proc/[0-9]*/cgroup 2>/dev/null); do
    p=\${f#/proc/}; p=\${p%/cgroup}
    cg=$(grep -m1 -E "$IDS" "$f"); read c < /proc/$p/comm
    echo "@@proc $p \${cg##*:} $c"
    ls -l /proc/$p/fd 2>/dev/null | grep -o 'socket:\[[0-9]*\]'
  done
fi
echo "@@done"
`.replace(/\\\$/g, '$');

function iface(f: string[]): SysIface {
  const [, name, ifindex, iflink, mtu, mac, operstate, master] = f;
  return {
    name,
    ifindex: Number(ifindex),
    iflink: Number(iflink),
    mtu: Number(mtu),
    mac: mac && mac !== '-' ? mac : null,
    operstate: operstate ?? 'unknown',
    master: master && master !== '-' ? master : null,
  };
}

/** Parses the helper's dump. Throws when it is cut short (no "@@done"), so a broken helper is never taken as "no pods". */
export function parseHelperDump(text: string): Omit<ProbeFacts, 'path' | 'ms'> {
  const nsUts = new Map<number, string | null>();
  const facts: Omit<ProbeFacts, 'path' | 'ms'> = { hostIfaces: [], netns: new Map(), nsNet: new Map(), nsUts, procs: [] };
  let ns: NetnsFacts | null = null;
  let file: keyof NetnsFacts['files'] | null = null;
  let proc: ProcFacts | null = null;
  let done = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('@@')) {
      if (ns && file) ns.files[file] = (ns.files[file] ?? '') + line + '\n';
      else if (proc) {
        const inode = socketInode(line);
        if (inode != null) proc.sockets.push(inode);
      }
      continue;
    }
    const f = line.split(' ');
    file = null;
    switch (f[0]) {
      case '@@host':
        ns = null;
        break;
      case '@@if':
        (ns ? ns.ifaces : facts.hostIfaces).push(iface(f));
        break;
      case '@@ns':
        ns = { pid: Number(f[1]), links: { net: null, ipc: null, uts: null, pid: null }, ifaces: [], files: {} };
        facts.netns.set(ns.pid, ns);
        break;
      case '@@link':
        if (ns && (f[1] === 'net' || f[1] === 'ipc' || f[1] === 'uts' || f[1] === 'pid')) ns.links[f[1]] = f[2] || null;
        break;
      case '@@file':
        file = f[1] as keyof NetnsFacts['files'];
        if (ns) ns.files[file] = '';
        break;
      case '@@end':
        ns = null;
        break;
      case '@@nsnet':
        facts.nsNet.set(Number(f[1]), f[2] || null);
        nsUts.set(Number(f[1]), f[3] || null);
        break;
      case '@@proc': {
        // f[2] is the cgroup path that named one of the ids; the shared parser drops Podman's conmon (its monitor).
        const id = containerIdFromCgroup(f[2] ?? '');
        proc = id ? { pid: Number(f[1]), containerId: id, comm: f.slice(3).join(' '), sockets: [] } : null;
        if (proc) facts.procs.push(proc);
        break;
      }
      case '@@done':
        done = true;
        break;
    }
  }
  if (!done) throw new Error('the probe helper stopped before it finished its report');
  facts.hostIfaces.sort((a, b) => a.ifindex - b.ifindex);
  for (const n of facts.netns.values()) n.ifaces.sort((a, b) => a.ifindex - b.ifindex);
  return facts;
}
