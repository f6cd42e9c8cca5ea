// Podman's differences, as pure facts: the helper's dump of a Podman pod (libpod cgroups, conmon, own UTS namespaces),
// the bridge named by the network or the veths' master (never assumed docker0), and the Pending sandbox Podman leaves
// without a recorded start error.
import { describe, expect, it } from 'vitest';
import { parseHelperDump } from '../../electron/engine/probe/dump';
import { hostBridges } from '../../electron/engine/model/host';
import { isHostPortPending, unrecordedStartWait, UNRECORDED_START_MS } from '../../electron/engine/kubelet/pending';
import type { SysIface } from '../../electron/engine/probe/types';
import type { BridgeNetwork, SandboxStatus } from '../../electron/engine/runtime/runtime';
import type { PodModel } from '../../shared/model';
import { utsNotes } from '../../shared/uts';

const WEB = '2fd0ed7b8b670c85d4c7c7e5b9dd11b2d8748edb4bf04d85d94164da7dbad9e6';

describe('the helper dump of a Podman pod', () => {
  const dump = [
    '@@host',
    '@@end',
    `@@nsnet 11559 net:[4026532493] uts:[4026532570]`,
    `@@proc 11559 /libpod_parent/libpod-${WEB} httpd`,
    'socket:[24022]',
    `@@proc 11521 /machine.slice/libpod-conmon-${WEB}.scope conmon`,
    'socket:[999]',
    '@@done',
  ].join('\n');
  const facts = parseHelperDump(dump);

  it('finds the container from its libpod cgroup and leaves conmon (the monitor) out', () => {
    expect(facts.procs).toEqual([{ pid: 11559, containerId: WEB, comm: 'httpd', sockets: [24022] }]);
  });
  it('reads each app container\'s own UTS namespace beside its netns', () => {
    expect(facts.nsNet.get(11559)).toBe('net:[4026532493]');
    expect(facts.nsUts?.get(11559)).toBe('uts:[4026532570]');
  });
});

const iface = (name: string, ifindex: number, master: string | null = null, iflink = ifindex): SysIface => ({ name, ifindex, iflink, mtu: 1500, mac: `02:00:00:00:00:${ifindex.toString(16).padStart(2, '0')}`, operstate: 'up', master });
const net = (network: string, subnet: string, bridge: string): BridgeNetwork => ({ network, bridge, subnet, gateway: subnet.replace(/0\/\d+$/, '1') });
const pod = (ip: string, hostVeth: string): PodModel => ({ name: 'p', phase: 'Running', sandbox: null, namespaces: { net: null }, ip, mac: null, hostVeth, ports: [], listening: [], containers: [], conflicts: [] });

describe('hostBridges', () => {
  // The host has Docker's docker0 AND Podman's podman0: the Podman network called "bridge" must not get docker0's facts.
  const ifaces = [iface('docker0', 3), iface('podman0', 7), iface('veth0', 8, 'podman0', 2)];

  it('takes the bridge the runtime names (Podman: from its own API) when no pod says otherwise', () => {
    expect(hostBridges([net('bridge', '10.88.0.0/16', 'podman0')], ifaces, [], false)[0]).toMatchObject({ name: 'podman0', ifindex: 7 });
  });
  it('the master of its pods\' host veths (what the kernel says) wins over a runtime\'s docker0 guess', () => {
    expect(hostBridges([net('bridge', '10.88.0.0/16', 'docker0')], ifaces, [pod('10.88.0.5', 'veth0')], false)[0]).toMatchObject({ name: 'podman0', ifindex: 7, mac: '02:00:00:00:00:07' });
  });
});

describe('a Podman sandbox that could not start', () => {
  const created = '2026-12-01T14:00:00.000Z';
  const sandbox = (state: Partial<SandboxStatus>, ports = true): SandboxStatus =>
    ({
      createdAt: created,
      state: 'created',
      error: '',
      startedAt: null,
      ports: ports ? [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] : [],
      ...state,
    }) as SandboxStatus;
  const t0 = Date.parse(created);

  it('counts as Pending once it stayed created with hostPorts and no recorded error', () => {
    expect(unrecordedStartWait(sandbox({}), t0 + 1000)).toBe(UNRECORDED_START_MS - 1000);
    expect(isHostPortPending(sandbox({}), t0 + 1000)).toBe(false);
    expect(isHostPortPending(sandbox({}), t0 + UNRECORDED_START_MS)).toBe(true);
  });
  it('Docker\'s recorded error counts at once; no hostPorts, another error or a started sandbox never do', () => {
    expect(isHostPortPending(sandbox({ error: 'Bind for 127.0.0.1:8080 failed: port is already allocated' }), t0)).toBe(true);
    expect(isHostPortPending(sandbox({}, false), t0 + 60_000)).toBe(false);
    expect(isHostPortPending(sandbox({ error: 'exec format error' }), t0 + 60_000)).toBe(false);
    expect(unrecordedStartWait(sandbox({ state: 'running', startedAt: created }), t0 + 60_000)).toBe(-1);
  });
});

describe('utsNotes', () => {
  const base = { ...pod('10.88.0.5', 'veth0'), name: 'web', hostname: 'web', namespaces: { net: 'net:[1]', uts: 'uts:[10]' } };
  const ctr = (name: string, uts: string, hostname: string): PodModel['containers'][number] => ({ name, id: name, image: 'i', state: 'running', exitCode: null, restartCount: 0, reason: null, namespaces: { net: 'net:[1]', uts }, hostname });

  it('explains containers with their own UTS namespace and hostname (Podman), naming both hostnames', () => {
    const [note, ...rest] = utsNotes({ ...base, containers: [ctr('app', 'uts:[11]', '2fd0ed7b8b67')] });
    expect(rest).toEqual([]);
    expect(note).toBe(
      "Own UTS namespaces and hostnames, not the sandbox's uts:[10] (hostname web): app uts:[11] (hostname 2fd0ed7b8b67). `hostname` there prints " +
        "the container's own name, not the pod's (Podman does this; Docker copies the pod's hostname); in Kubernetes every container of a pod " +
        "joins the sandbox's one UTS namespace and sees the pod name.",
    );
  });
  it('explains own UTS namespaces with the pod\'s hostname copied in (Docker)', () => {
    const notes = utsNotes({ ...base, containers: [ctr('a', 'uts:[11]', 'web'), ctr('b', 'uts:[12]', 'web')] });
    expect(notes).toEqual([expect.stringContaining("Own UTS namespaces, not the sandbox's uts:[10] (hostname web): a uts:[11], b uts:[12]. The engine copied the pod's hostname")]);
  });
  it('says nothing when every container shares the sandbox\'s, as in Kubernetes', () => {
    expect(utsNotes({ ...base, containers: [ctr('app', 'uts:[10]', 'web')] })).toEqual([]);
  });
});

describe('the host-socket helper (a remote engine\'s host)', () => {
  it('reads the tables and the owner of the listening socket, and refuses a cut-short report', async () => {
    const { parseHostSocketsDump } = await import('../../electron/engine/facts/hostsockets-helper');
    const { listeningOn } = await import('../../electron/engine/facts/hostsockets');
    const dump = [
      '@@file tcp',
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:AEA7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002275 1 0000000000000000 100 0 0 10 0',
      '@@file tcp6',
      '@@owner 27863 1002275 python3',
      '@@done',
    ].join('\n');
    const { entries, owners } = parseHostSocketsDump(dump);
    expect(listeningOn(entries, '0.0.0.0', 44711, 'tcp')).toEqual([expect.objectContaining({ localAddress: '127.0.0.1', localPort: 44711, inode: 1002275 })]);
    expect(owners).toEqual([{ pid: 27863, inode: 1002275, process: 'python3' }]);
    expect(() => parseHostSocketsDump(dump.replace('@@done', ''))).toThrow(/stopped before/);
  });
});
