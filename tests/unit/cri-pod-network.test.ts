// The kubelet's DNS rules for the CRI's DNSConfig (pkg/kubelet/network/dns): None takes the pod's dnsConfig alone,
// Default (and ClusterFirst without cluster DNS) appends it to the node's resolv.conf; sysctls become the CRI's map.
import { describe, expect, it } from 'vitest';
import { parseResolvConf, podDnsConfig, podSysctls } from '../../electron/engine/runtime/cri/pod-network';
import type { PodSpec } from '../../shared/manifest/types';

const NODE = '# node\nnameserver 10.0.0.53\nnameserver 10.0.0.54 ; second\nsearch corp.example lan\noptions ndots:1 edns0\n';
const spec = (s: Partial<PodSpec>): PodSpec => ({ name: 'p', containers: [], ...s }) as PodSpec;

describe('CRI pod network settings', () => {
  it('reads a resolv.conf as the kubelet does', () => {
    expect(parseResolvConf(NODE)).toEqual({ servers: ['10.0.0.53', '10.0.0.54'], searches: ['corp.example', 'lan'], options: ['ndots:1', 'edns0'] });
  });

  it('leaves DNS to the runtime when the pod says nothing', () => {
    expect(podDnsConfig(spec({}), () => NODE)).toBeUndefined();
    expect(podDnsConfig(spec({ dnsPolicy: 'Default' }), () => NODE)).toBeUndefined();
  });

  it('dnsPolicy None: the pod dnsConfig alone', () => {
    const dns = podDnsConfig(spec({ dnsPolicy: 'None', dnsConfig: { nameservers: ['192.0.2.1'], searches: ['a.test'], options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }] } }), () => NODE);
    expect(dns).toEqual({ servers: ['192.0.2.1'], searches: ['a.test'], options: ['ndots:2', 'rotate'] });
  });

  it('otherwise the node resolv.conf with the pod dnsConfig appended, duplicates dropped, options replaced by name', () => {
    const dns = podDnsConfig(spec({ dnsConfig: { nameservers: ['10.0.0.53', '192.0.2.1'], searches: ['a.test'], options: [{ name: 'ndots', value: '5' }] } }), () => NODE);
    expect(dns).toEqual({ servers: ['10.0.0.53', '10.0.0.54', '192.0.2.1'], searches: ['corp.example', 'lan', 'a.test'], options: ['ndots:5', 'edns0'] });
  });

  it('sysctls as a map', () => {
    expect(podSysctls(spec({ securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '40000 40100' }] } }))).toEqual({ 'net.ipv4.ip_local_port_range': '40000 40100' });
    expect(podSysctls(spec({}))).toBeUndefined();
  });
});
