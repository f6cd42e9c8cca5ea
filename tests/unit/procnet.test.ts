// Unit tests for the /proc parsers, on samples captured on this machine from a podlab-style pod
// (pause sandbox + busybox httpd on :80, nc on :8081, httpd on 127.0.0.1:8082 and 0.0.0.0:8083, udp-listen 53).
import { describe, expect, it } from 'vitest';
import {
  containerIdFromCgroup,
  decodeIpv4,
  decodeIpv6,
  ipv4AddressesByInterface,
  isListening,
  nsInode,
  parseFibTrieLocal,
  parseIfInet6,
  parseRoutes,
  parseSocketTable,
  socketInode,
} from '../../shared/procnet';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F93 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18499 1 000000004e02f6a3 100 0 0 10 0
   1: 0100007F:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18453 1 00000000f0d2d982 100 0 0 10 0
   2: 0100007F:99FC 0100007F:1F92 06 00000000:00000000 03:0000173B 00000000     0        0 0 3 00000000ca5ad0de
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 16077 1 000000004bdf2743 100 0 0 10 0
   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 15893 1 0000000093caacf9 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:0050 0000000000000000FFFF00000100007F:A6DC 06 00000000:00000000 03:00001461 00000000     0        0 0 3 000000009adfb31e
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 6401: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 15062 2 0000000025e087be 0
`;
const FIB = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 172.17.0.0/16 2 0 2
        +-- 172.17.0.0/30 2 0 2
           |-- 172.17.0.0
              /16 link UNICAST
           |-- 172.17.0.3
              /32 host LOCAL
        |-- 172.17.255.255
           /32 link BROADCAST
`;
const ROUTE = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	010011AC	0003	0	0	0	00000000	0	0	0
eth0	000011AC	00000000	0001	0	0	0	0000FFFF	0	0	0
`;
const IF_INET6 = `00000000000000000000000000000001 01 80 10 80       lo
fe800000000000000042acfffe110003 0c 40 20 80     eth0
`;

describe('address decoding', () => {
  it('reads IPv4 in host (little-endian) byte order', () => {
    expect(decodeIpv4('0100007F')).toBe('127.0.0.1');
    expect(decodeIpv4('030011AC')).toBe('172.17.0.3');
    expect(decodeIpv4('00000000')).toBe('0.0.0.0');
    expect(decodeIpv4('7F000001', false)).toBe('127.0.0.1');
  });
  it('reads IPv6, compressing zeros, and IPv4-mapped addresses', () => {
    expect(decodeIpv6('00000000000000000000000000000000')).toBe('::');
    expect(decodeIpv6('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeIpv6('00000000000000000000000001000000')).toBe('::1');
    expect(decodeIpv6('000080FE00000000FFAC4200030011FE')).toBe('fe80::42:acff:fe11:3');
  });
});

describe('socket tables', () => {
  it('parses tcp: LISTEN on 0.0.0.0:8083 and 127.0.0.1:8082, a TIME_WAIT connection is not listening', () => {
    const t = parseSocketTable(TCP, 'tcp');
    expect(t).toHaveLength(3);
    expect(t[0]).toMatchObject({ localAddress: '0.0.0.0', localPort: 8083, state: 0x0a, inode: 18499 });
    expect(t[1]).toMatchObject({ localAddress: '127.0.0.1', localPort: 8082, inode: 18453 });
    expect(t[2]).toMatchObject({ localAddress: '127.0.0.1', localPort: 39420, remotePort: 8082, state: 6, inode: 0 });
    expect(t.filter(isListening).map((e) => e.localPort)).toEqual([8083, 8082]);
  });
  it('parses tcp6: busybox httpd on :::80, nc on :::8081, and an IPv4-mapped TIME_WAIT', () => {
    const t = parseSocketTable(TCP6, 'tcp6');
    expect(t.filter(isListening).map((e) => `${e.localAddress}:${e.localPort}/${e.inode}`)).toEqual([':::8081/16077', ':::80/15893']);
    expect(t[2]).toMatchObject({ localAddress: '::ffff:127.0.0.1', localPort: 80, remoteAddress: '::ffff:127.0.0.1', remotePort: 42716 });
    expect(isListening(t[2])).toBe(false);
  });
  it('parses udp: an unconnected bound socket (state 07) counts as listening', () => {
    const t = parseSocketTable(UDP, 'udp');
    expect(t).toEqual([
      { protocol: 'udp', localAddress: '0.0.0.0', localPort: 53, remoteAddress: '0.0.0.0', remotePort: 0, state: 7, uid: 0, inode: 15062 },
    ]);
    expect(isListening(t[0])).toBe(true);
    expect(isListening({ ...t[0], remotePort: 9000, state: 1 })).toBe(false);
  });
  it('skips a header-only table and garbage', () => {
    expect(parseSocketTable(TCP.split('\n')[0], 'tcp')).toEqual([]);
    expect(parseSocketTable('x\nnot a line at all\n', 'udp')).toEqual([]);
  });
});

describe('links, addresses and cgroups', () => {
  it('reads ns and socket links', () => {
    expect(nsInode('net:[4026532267]')).toBe(4026532267);
    expect(nsInode('bogus')).toBeNull();
    expect(socketInode('socket:[15893]')).toBe(15893);
    expect(socketInode('pipe:[15799]')).toBeNull();
  });
  it('finds local IPv4 addresses and their interfaces', () => {
    const local = parseFibTrieLocal(FIB);
    expect(local).toEqual(['127.0.0.1', '172.17.0.3']);
    const routes = parseRoutes(ROUTE);
    expect(routes).toEqual([
      { iface: 'eth0', destination: '0.0.0.0', gateway: '172.17.0.1', prefix: 0 },
      { iface: 'eth0', destination: '172.17.0.0', gateway: '0.0.0.0', prefix: 16 },
    ]);
    expect(ipv4AddressesByInterface(local, routes)).toEqual({ lo: ['127.0.0.1/8'], eth0: ['172.17.0.3/16'] });
  });
  it('parses if_inet6', () => {
    expect(parseIfInet6(IF_INET6)).toEqual({ lo: ['::1/128'], eth0: ['fe80::42:acff:fe11:3/64'] });
  });
  it('finds the container id in cgroup v1, v2 and systemd layouts', () => {
    const id = 'f7f17d66a87fa19d2d52430b81e1ec29be675ed30e81a670f33e338b2c71f953';
    expect(containerIdFromCgroup(`9:name=systemd:/docker/${id}\n0::/docker/${id}\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/system.slice/docker-${id}.scope\n`)).toBe(id);
    expect(containerIdFromCgroup('0::/init.scope\n')).toBeNull();
    // CRI runtimes: containerd without a cgroup parent, the kubelet's cgroupfs and systemd layouts, CRI-O.
    expect(containerIdFromCgroup(`8:pids:/k8s.io/${id}\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/kubepods/burstable/pod1c2d/${id}\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/kubepods.slice/kubepods-pod1c2d.slice/cri-containerd-${id}.scope\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/kubepods.slice/crio-${id}.scope\n`)).toBe(id);
  });
  it('finds Podman\'s container id (cgroupfs and systemd) and a private dockerd\'s --cgroup-parent, never conmon\'s', () => {
    const id = '2fd0ed7b8b670c85d4c7c7e5b9dd11b2d8748edb4bf04d85d94164da7dbad9e6';
    expect(containerIdFromCgroup(`9:name=systemd:/libpod_parent/libpod-${id}\n0::/libpod_parent/libpod-${id}\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/machine.slice/libpod-${id}.scope/container\n`)).toBe(id);
    expect(containerIdFromCgroup(`1:name=systemd:/machine.slice/libpod-${id}.scope\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/h14docker-12abc/${id}\n`)).toBe(id);
    expect(containerIdFromCgroup(`0::/machine.slice/libpod-conmon-${id}.scope\n`)).toBeNull();
    expect(containerIdFromCgroup('0::/libpod_parent/conmon\n')).toBeNull();
    expect(containerIdFromCgroup(`0::/user.slice/${id.slice(0, 60)}\n`)).toBeNull();
  });
});
