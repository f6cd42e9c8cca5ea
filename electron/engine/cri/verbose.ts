// Reads the JSON containerd puts under "info" in verbose PodSandboxStatus / ContainerStatus answers: the sandbox's
// pid, netns path and CNI result (pod IP, MAC, gateway, host-side interfaces), a container's pid and sandbox. Pure:
// unknown JSON in, plain facts out; a runtime that says less (CRI-O) gives nulls, never an exception.

export interface CniInterface {
  name: string;
  mac: string;
  /** The netns path for the pod's side (eth0); '' for host-side interfaces (the bridge, the host veth). */
  sandbox: string;
  ips: { ip: string; gateway: string }[];
}

export interface SandboxInfo {
  pid: number | null;
  /** e.g. /var/run/netns/cni-1b2c…; null for hostNetwork pods or when the runtime does not say. */
  netnsPath: string | null;
  netnsClosed: boolean;
  image: string | null;
  runtimeType: string | null;
  /** Every interface the CNI result names (containerd: go-cni's Result.Interfaces). */
  cniInterfaces: CniInterface[];
}

export interface ContainerInfo {
  pid: number | null;
  sandboxId: string | null;
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

function parseInfo(info: Record<string, string>): Record<string, unknown> {
  try {
    return record(JSON.parse(info.info ?? '{}'));
  } catch {
    return {};
  }
}

/** The network namespace path in an OCI runtime spec (linux.namespaces[type=network].path). */
function networkNamespacePath(spec: unknown): string | null {
  const namespaces = record(record(spec).linux).namespaces;
  if (!Array.isArray(namespaces)) return null;
  for (const ns of namespaces) {
    const n = record(ns);
    if (n.type === 'network' && str(n.path)) return str(n.path);
  }
  return null;
}

function cniInterfaces(result: unknown): CniInterface[] {
  const ifaces = record(record(result).Interfaces);
  return Object.entries(ifaces).map(([name, raw]) => {
    const c = record(raw);
    const ips = Array.isArray(c.IPConfigs) ? c.IPConfigs.map((x) => ({ ip: str(record(x).IP), gateway: str(record(x).Gateway) })) : [];
    return { name, mac: str(c.Mac), sandbox: str(c.Sandbox), ips };
  });
}

export function readSandboxInfo(info: Record<string, string>): SandboxInfo {
  const j = parseInfo(info);
  return {
    pid: num(j.pid),
    netnsPath: networkNamespacePath(j.runtimeSpec),
    netnsClosed: j.netNamespaceClosed === true,
    image: str(j.image) || null,
    runtimeType: str(j.runtimeType) || null,
    cniInterfaces: cniInterfaces(j.cniResult),
  };
}

export function readContainerInfo(info: Record<string, string>): ContainerInfo {
  const j = parseInfo(info);
  return { pid: num(j.pid), sandboxId: str(j.sandboxID) || null };
}

/** The pod's own interface in a CNI result: the one inside the sandbox's netns (eth0), with its first IPv4. */
export function podInterface(ifaces: CniInterface[]): { name: string; mac: string; ip: string | null; gateway: string | null } | null {
  const pod = ifaces.find((i) => i.sandbox !== '') ?? null;
  if (!pod) return null;
  const v4 = pod.ips.find((x) => x.ip.includes('.')) ?? pod.ips[0];
  return { name: pod.name, mac: pod.mac, ip: v4?.ip || null, gateway: v4?.gateway || null };
}
