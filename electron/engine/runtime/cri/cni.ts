// The CNI configuration a CRI runtime uses, from its verbose Status: containerd puts go-cni's config ("cniconfig":
// plugin dirs, conf dir, and each network's conflist as Source) there. Pure: JSON text in, facts out.
import type { BridgeNetwork } from '../runtime';

export interface CniConfig {
  confDir: string;
  binDirs: string[];
  /** The networks' names and plugin types in order, e.g. "mynet: bridge, portmap". */
  networks: { name: string; plugins: string[] }[];
  bridges: BridgeNetwork[];
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function parse(text: string | undefined): Record<string, unknown> {
  try {
    return record(JSON.parse(text ?? ''));
  } catch {
    return {};
  }
}

/** The first host address of a subnet (a bridge with isGateway gets it): 10.99.3.0/24 → 10.99.3.1. */
function firstHost(subnet: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(subnet);
  return m ? `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 1}` : '';
}

function bridgeOf(name: string, plugin: Record<string, unknown>): BridgeNetwork {
  const ipam = record(plugin.ipam);
  const range = record(Array.isArray(ipam.ranges) && Array.isArray(ipam.ranges[0]) ? ipam.ranges[0][0] : null);
  const subnet = typeof range.subnet === 'string' ? range.subnet : typeof ipam.subnet === 'string' ? ipam.subnet : '';
  const gateway = typeof range.gateway === 'string' ? range.gateway : typeof ipam.gateway === 'string' ? ipam.gateway : plugin.isGateway === true ? firstHost(subnet) : '';
  return { network: name, bridge: typeof plugin.bridge === 'string' ? plugin.bridge : 'cni0', subnet, gateway };
}

export function cniConfig(info: Record<string, string>): CniConfig | null {
  if (!info.cniconfig) return null;
  const c = parse(info.cniconfig);
  const networks: CniConfig['networks'] = [];
  const bridges: BridgeNetwork[] = [];
  for (const n of Array.isArray(c.Networks) ? c.Networks : []) {
    const conf = record(record(n).Config);
    const name = typeof conf.Name === 'string' ? conf.Name : '';
    // containerd always adds its own loopback network: not a network the user configured.
    if (name === 'cni-loopback') continue;
    const source = parse(typeof conf.Source === 'string' ? conf.Source : '');
    const plugins = (Array.isArray(source.plugins) ? source.plugins : [source]).map(record);
    networks.push({ name, plugins: plugins.map((p) => String(p.type ?? '?')) });
    for (const p of plugins) if (p.type === 'bridge') bridges.push(bridgeOf(name, p));
  }
  return {
    confDir: typeof c.PluginConfDir === 'string' ? c.PluginConfDir : '',
    binDirs: Array.isArray(c.PluginDirs) ? c.PluginDirs.map(String) : [],
    networks,
    bridges,
  };
}

export function bridgesFromStatus(info: Record<string, string>): BridgeNetwork[] {
  return cniConfig(info)?.bridges ?? [];
}

/**
 * The sandbox (pause) image the runtime makes every sandbox from: containerd's `sandbox_image`, echoed in its verbose
 * Status as config.sandboxImage. Since Kubernetes 1.27 the kubelet no longer chooses it; '' when the runtime does not say.
 */
export function sandboxImageFromStatus(info: Record<string, string>): string {
  const image = parse(info.config).sandboxImage;
  return typeof image === 'string' ? image : '';
}

/**
 * Where the runtime's streaming server listens (exec, attach: containerd's stream_server_address/port, echoed in its
 * verbose Status as config.streamServerAddress/Port, and whether it speaks TLS); null when the runtime does not say.
 */
export function streamServerFromStatus(info: Record<string, string>): { address: string; port: string; tls: boolean } | null {
  const c = parse(info.config);
  if (typeof c.streamServerAddress !== 'string') return null;
  return { address: c.streamServerAddress, port: typeof c.streamServerPort === 'string' ? c.streamServerPort : '?', tls: c.enableTLSStreaming === true };
}
