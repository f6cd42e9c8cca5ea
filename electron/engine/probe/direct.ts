// The direct probe: reads /proc and /sys of this machine (root, or anyone allowed to ptrace the engine's processes).
import { readdir, readFile, readlink } from 'node:fs/promises';
import { containerIdFromCgroup, socketInode } from '../../../shared/procnet';
import type { NetnsFacts, ProbeFacts, ProbeRequest, ProcFacts, SysIface } from './types';

const FILES = ['tcp', 'tcp6', 'udp', 'udp6', 'fib_trie', 'route', 'if_inet6'] as const;

async function text(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function link(path: string): Promise<string | null> {
  try {
    return await readlink(path);
  } catch {
    return null;
  }
}

/** Lists the interfaces of the netns whose sysfs is mounted at `dir` (e.g. /proc/<pid>/root/sys/class/net). */
export async function readSysIfaces(dir: string): Promise<SysIface[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out = await Promise.all(
    names.map(async (name): Promise<SysIface | null> => {
      const d = `${dir}/${name}`;
      const [ifindex, iflink, mtu, mac, operstate, master] = await Promise.all([
        text(`${d}/ifindex`),
        text(`${d}/iflink`),
        text(`${d}/mtu`),
        text(`${d}/address`),
        text(`${d}/operstate`),
        link(`${d}/master`),
      ]);
      if (ifindex == null) return null;
      return {
        name,
        ifindex: Number(ifindex),
        iflink: Number(iflink ?? ifindex),
        mtu: Number(mtu ?? 0),
        mac: mac?.trim() || null,
        operstate: operstate?.trim() ?? 'unknown',
        master: master ? master.split('/').pop() ?? null : null,
      };
    }),
  );
  return out.filter((x): x is SysIface => x != null).sort((a, b) => a.ifindex - b.ifindex);
}

async function netnsOf(pid: number): Promise<NetnsFacts> {
  const [net, ipc, uts, pidns, ifaces, ...files] = await Promise.all([
    link(`/proc/${pid}/ns/net`),
    link(`/proc/${pid}/ns/ipc`),
    link(`/proc/${pid}/ns/uts`),
    link(`/proc/${pid}/ns/pid`),
    readSysIfaces(`/proc/${pid}/root/sys/class/net`),
    ...FILES.map((f) => text(`/proc/${pid}/net/${f}`)),
  ]);
  const facts: NetnsFacts = { pid, links: { net, ipc, uts, pid: pidns }, ifaces, files: {} };
  FILES.forEach((f, i) => {
    const t = files[i];
    if (t != null) facts.files[f] = t;
  });
  return facts;
}

/** The pids in a container's cgroup, found from its main pid's /proc/<pid>/cgroup (v2, or v1 pids/systemd). */
async function cgroupPids(mainPid: number): Promise<string[] | null> {
  const cg = await text(`/proc/${mainPid}/cgroup`);
  if (!cg) return null;
  for (const line of cg.split('\n')) {
    const [, ctrl, path] = line.split(':');
    if (path === undefined || path === '/') continue;
    const base = ctrl === '' ? '/sys/fs/cgroup' : ctrl === 'pids' ? '/sys/fs/cgroup/pids' : ctrl === 'name=systemd' ? '/sys/fs/cgroup/systemd' : null;
    if (!base) continue;
    const procs = await text(`${base}${path}/cgroup.procs`);
    if (procs != null) return procs.split('\n').filter((x) => /^\d+$/.test(x));
  }
  return null;
}

/** Candidate pids: each container's cgroup process list when readable (cheap), else every pid in /proc. */
async function candidatePids(ids: string[], mainPids: Record<string, number>): Promise<string[]> {
  const lists = await Promise.all(ids.map((id) => (mainPids[id] ? cgroupPids(mainPids[id]) : Promise.resolve(null))));
  if (lists.every((l) => l != null)) return [...new Set(lists.flat() as string[])];
  return (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
}

/** Finds the processes of the given containers by their cgroup, and the socket inodes each holds open. */
async function podProcesses(ids: string[], mainPids: Record<string, number> = {}): Promise<ProcFacts[]> {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const pids = await candidatePids(ids, mainPids);
  const found = await Promise.all(
    pids.map(async (p): Promise<ProcFacts | null> => {
      const cg = await text(`/proc/${p}/cgroup`);
      const id = cg ? containerIdFromCgroup(cg) : null;
      if (!id || !wanted.has(id)) return null;
      const comm = ((await text(`/proc/${p}/comm`)) ?? '').trim();
      const fds = await readdir(`/proc/${p}/fd`).catch((): string[] => []);
      const links = await Promise.all(fds.map((fd) => link(`/proc/${p}/fd/${fd}`)));
      const sockets = links.map((l) => (l ? socketInode(l) : null)).filter((n): n is number => n != null);
      return { pid: Number(p), containerId: id, comm, sockets };
    }),
  );
  return found.filter((x): x is ProcFacts => x != null);
}

export async function probeDirect(req: ProbeRequest): Promise<ProbeFacts> {
  const t0 = performance.now();
  const [hostIfaces, netns, nsNet, procs] = await Promise.all([
    readSysIfaces('/sys/class/net'),
    Promise.all(req.sandboxPids.map(netnsOf)),
    Promise.all(req.appPids.map(async (p) => [p, await link(`/proc/${p}/ns/net`)] as const)),
    podProcesses(req.containerIds, req.mainPids),
  ]);
  return {
    path: 'direct',
    hostIfaces,
    netns: new Map(netns.map((n) => [n.pid, n])),
    nsNet: new Map(nsNet),
    procs,
    ms: performance.now() - t0,
  };
}

/** Can this process read the engine's namespaces directly? `pid`/`id`: a running container to check against. */
export async function canProbeDirect(sample?: { pid: number; id: string }): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  if (sample && sample.pid > 0) {
    const [ns, cg] = await Promise.all([link(`/proc/${sample.pid}/ns/net`), text(`/proc/${sample.pid}/cgroup`)]);
    // The cgroup check proves the engine's pids are ours (not a VM's or a remote host's).
    return ns != null && cg != null && cg.includes(sample.id);
  }
  // No process to check against: root may read /proc (pid 1 itself may be shielded, so it proves nothing).
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
