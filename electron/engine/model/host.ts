// The host part of the model: the runtime's bridge networks joined with /sys/class/net (ifindex, MAC), and the host veths.
// Where the kernel shows a network's pods hanging on a bridge (their host veths' master), that bridge is the network's:
// the runtime's name may be a guess (docker0), and another engine's docker0 may sit on the same host.
import { networkInterfaces } from 'node:os';
import type { Bridge, HostVeth, PodModel } from '../../../shared/model';
import type { SysIface } from '../probe/types';
import type { BridgeNetwork } from '../runtime/runtime';
import { byCodePoint } from '../../../shared/order';

function hostIpv4(name: string): string | null {
  const a = networkInterfaces()[name]?.find((x) => x.family === 'IPv4');
  return a?.address ?? null;
}

export function hostBridges(networks: BridgeNetwork[], ifaces: SysIface[], pods: PodModel[], readLocal: boolean): Bridge[] {
  return networks
    .map((n) => {
      const name = vethMaster(n.subnet, ifaces, pods) ?? n.bridge;
      const sys = ifaces.find((i) => i.name === name);
      // docker0's IPAM often has no Gateway: take it from a pod on it, else from the host interface itself.
      const gateway = n.gateway || pods.find((p) => p.gateway && p.ip && sameNet(p.ip, n.subnet))?.gateway || (readLocal ? hostIpv4(name) : null) || '';
      return { name, subnet: n.subnet, gateway, ifindex: sys?.ifindex, mac: sys?.mac ?? undefined };
    })
    .sort((a, b) => byCodePoint(a.name, b.name));
}

/** The bridge that the host veths of this subnet's pods are enslaved to (what the kernel says), or null. */
function vethMaster(subnet: string, ifaces: SysIface[], pods: PodModel[]): string | null {
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
