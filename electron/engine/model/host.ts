// The host part of the model: the engine's bridge networks joined with /sys/class/net (ifindex, MAC), and the host veths.
// A bridge's interface comes from the network's own options, else from the master of its pods' host veths — the name
// Docker would give it (docker0, br-<id>) is only the last guess, since another engine's docker0 may sit on this host.
import type { NetworkInspectInfo } from 'dockerode';
import { networkInterfaces } from 'node:os';
import type { Bridge, HostVeth, PodModel } from '../../../shared/model';
import type { SysIface } from '../probe/types';

export function bridgeName(n: NetworkInspectInfo): string {
  return n.Options?.['com.docker.network.bridge.name'] ?? (n.Name === 'bridge' ? 'docker0' : `br-${n.Id.slice(0, 12)}`);
}

function hostIpv4(name: string): string | null {
  const a = networkInterfaces()[name]?.find((x) => x.family === 'IPv4');
  return a?.address ?? null;
}

export function hostBridges(networks: NetworkInspectInfo[], ifaces: SysIface[], pods: PodModel[], readLocal: boolean): Bridge[] {
  return networks
    .filter((n) => n.Driver === 'bridge')
    .map((n) => {
      const cfg = n.IPAM?.Config?.[0];
      const name = n.Options?.['com.docker.network.bridge.name'] ?? vethMaster(cfg?.Subnet, ifaces, pods) ?? bridgeName(n);
      const sys = ifaces.find((i) => i.name === name);
      // docker0's IPAM often has no Gateway: take it from a pod on it, else from the host interface itself.
      const gateway = cfg?.Gateway || pods.find((p) => p.gateway && p.ip && sameNet(p.ip, cfg?.Subnet))?.gateway || (readLocal ? hostIpv4(name) : null) || '';
      return { name, subnet: cfg?.Subnet ?? '', gateway, ifindex: sys?.ifindex, mac: sys?.mac ?? undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The bridge that the host veths of this subnet's pods are enslaved to (what the kernel says), or null. */
function vethMaster(subnet: string | undefined, ifaces: SysIface[], pods: PodModel[]): string | null {
  for (const p of pods) {
    if (!p.ip || !p.hostVeth || !sameNet(p.ip, subnet)) continue;
    const master = ifaces.find((i) => i.name === p.hostVeth)?.master;
    if (master) return master;
  }
  return null;
}

function sameNet(ip: string, subnet: string | undefined): boolean {
  if (!subnet) return false;
  const [net, len] = subnet.split('/');
  const toInt = (a: string): number => a.split('.').reduce((n, b) => (n << 8) + Number(b), 0) >>> 0;
  const bits = Number(len);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return net.includes('.') && (toInt(ip) & mask) === (toInt(net) & mask);
}

/** Host veths: interfaces whose peer lives in another namespace (iflink ≠ ifindex) — each named to the pod it serves. */
export function hostVeths(ifaces: SysIface[], pods: PodModel[]): HostVeth[] {
  return ifaces
    .filter((i) => i.iflink !== i.ifindex && i.name.startsWith('veth'))
    .map((i) => ({
      name: i.name,
      ifindex: i.ifindex,
      peerIfindex: i.iflink,
      bridge: i.master,
      pod: pods.find((p) => p.hostVeth === i.name)?.name ?? null,
    }));
}
