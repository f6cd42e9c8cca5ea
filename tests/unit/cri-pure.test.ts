// Pure parts of the CRI backend: the kubelet's log format, the relist PLEG's diff, containerd's verbose JSON and CNI config.
import { describe, expect, it } from 'vitest';
import { cniConfig } from '../../electron/engine/runtime/cri/cni';
import { relistDiff, type Seen } from '../../electron/engine/runtime/cri/events';
import { parseCriLog } from '../../electron/engine/runtime/cri/logs';
import { configPorts, criTime } from '../../electron/engine/runtime/cri/status';
import { podInterface, readSandboxInfo } from '../../electron/engine/cri/verbose';
import { criContainerConfig } from '../../electron/engine/runtime/cri/config';
import { LABEL_ROLE } from '../../electron/engine/runtime/vocabulary';

describe('CRI log files', () => {
  it('joins partial lines per stream and keeps an unfinished last line', () => {
    const text = ['2026-12-01T14:17:32.881777462Z stdout P hel', '2026-12-01T14:17:32.882Z stderr F err', '2026-12-01T14:17:32.883Z stdout F lo', '2026-12-01T14:17:32.884Z stdout F '].join('\n') + '\n2026-12-01T14:17:3';
    const { lines, rest } = parseCriLog(text);
    expect(lines).toEqual([
      { stream: 'stderr', text: 'err', time: '2026-12-01T14:17:32.882Z' },
      // A joined line carries the time of its final part.
      { stream: 'stdout', text: 'hello', time: '2026-12-01T14:17:32.883Z' },
      { stream: 'stdout', text: '', time: '2026-12-01T14:17:32.884Z' },
    ]);
    expect(rest).toBe('2026-12-01T14:17:3');
  });
});

describe('relist (PLEG) diff', () => {
  const s = (state: Seen['state']): Seen => ({ state, labels: { 'io.podlab.pod': 'p' }, name: 'k8s_web_p_default_u_0', image: 'demo' });
  it('turns state changes into create/start/die/destroy', () => {
    const before = new Map([
      ['a', s('running')],
      ['b', s('running')],
      ['gone', s('exited')],
    ]);
    const now = new Map([
      ['a', s('running')],
      ['b', s('exited')],
      ['new', s('running')],
    ]);
    const events = relistDiff(before, now, (id) => (id === 'b' ? 1 : undefined)).map((e) => [e.id, e.action, e.attributes.exitCode]);
    expect(events).toEqual([
      ['b', 'die', '1'],
      ['new', 'create', undefined],
      ['new', 'start', undefined],
      ['gone', 'destroy', undefined],
    ]);
  });
  it('reports a container that went created → exited between two listings as dead (a fast init container)', () => {
    const events = relistDiff(new Map([['init', s('created')]]), new Map([['init', s('exited')]]), () => 0).map((e) => [e.id, e.action, e.attributes.exitCode]);
    expect(events).toEqual([['init', 'die', '0']]);
  });
});

describe("containerd's verbose answers", () => {
  it('reads times with all nine digits and never as a float', () => {
    expect(criTime('1796134652359225982')).toBe('2026-12-01T14:17:32.359225982Z');
    expect(criTime('0')).toBeNull();
  });

  it('reads port mappings whose zero values (TCP) were left out', () => {
    const info = { info: JSON.stringify({ config: { port_mappings: [{ container_port: 80, host_port: 8080, host_ip: '127.0.0.1' }, { protocol: 1, container_port: 53, host_port: 5353 }] } }) };
    expect(configPorts(info)).toEqual([
      { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 5353, containerPort: 53, protocol: 'udp' },
    ]);
  });

  it('finds pid, netns path and the pod interface in a sandbox status', () => {
    const info = readSandboxInfo({
      info: JSON.stringify({
        pid: 26436,
        netNamespaceClosed: false,
        runtimeSpec: { linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: '/var/run/netns/cni-1' }] } },
        cniResult: { Interfaces: { cni0: { IPConfigs: null, Mac: 'aa', Sandbox: '' }, veth1: { Mac: 'bb', Sandbox: '' }, eth0: { IPConfigs: [{ IP: '10.99.0.2', Gateway: '10.99.0.1' }], Mac: 'cc', Sandbox: '/var/run/netns/cni-1' } } },
      }),
    });
    expect([info.pid, info.netnsPath]).toEqual([26436, '/var/run/netns/cni-1']);
    expect(podInterface(info.cniInterfaces)).toEqual({ name: 'eth0', mac: 'cc', ip: '10.99.0.2', gateway: '10.99.0.1' });
    expect(readSandboxInfo({ info: 'not json' }).pid).toBeNull();
  });

  it('reads the CNI networks and bridges from the verbose Status', () => {
    const conflist = { cniVersion: '0.4.0', name: 'lab', plugins: [{ type: 'bridge', bridge: 'labbr0', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.3.0/24' }]] } }, { type: 'portmap' }] };
    const cfg = cniConfig({
      cniconfig: JSON.stringify({ PluginDirs: ['/usr/lib/cni'], PluginConfDir: '/etc/cni/net.d', Networks: [{ Config: { Name: 'cni-loopback', Source: '{"type":"loopback"}' } }, { Config: { Name: 'lab', Source: JSON.stringify(conflist) } }] }),
    });
    expect(cfg).toEqual({
      confDir: '/etc/cni/net.d',
      binDirs: ['/usr/lib/cni'],
      networks: [{ name: 'lab', plugins: ['bridge', 'portmap'] }],
      bridges: [{ network: 'lab', bridge: 'labbr0', subnet: '10.99.3.0/24', gateway: '10.99.3.1' }],
    });
    expect(cniConfig({})).toBeNull();
  });
});

describe('CRI container labels', () => {
  const base = {
    pod: { name: 'p', namespace: 'default', uid: 'u-1' },
    name: 'one',
    attempt: 0,
    sandboxId: 's',
    image: 'busybox',
    command: null,
    args: null,
    env: [],
    sharePid: false,
    labels: {},
  };
  it('marks an init container as init and an app container as app, as the Docker runtime does', () => {
    const kube = { container: { name: 'one', image: 'busybox', ports: [] }, pod: {}, mounts: [] };
    expect(criContainerConfig({ ...base, kube: { ...kube, init: true } }).labels?.[LABEL_ROLE]).toBe('init');
    expect(criContainerConfig({ ...base, kube }).labels?.[LABEL_ROLE]).toBe('app');
    expect(criContainerConfig(base).labels?.[LABEL_ROLE]).toBe('app');
  });
});
