// Unit tests for the helper probe's dump parser and the socket-owner mapping, on a dump captured on this machine
// from the real helper container (pause sandbox + httpd on :80 + udp-listen 53).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHelperDump } from '../../electron/engine/probe/dump';
import { listeningSockets } from '../../electron/engine/model/pod';

const dump = readFileSync(new URL('./fixtures/procnet-helper-dump.txt', import.meta.url), 'utf8');
const SANDBOX = '4efc6db59831cc8dd54587fa018254bde5716c2e3e678e31f8fd57f514bf2c3f';
const WEB = 'abb83cd51ac3016cceb7455aeb139894e1df3132c83c0ac5ea8a96e10240490c';
const UDP = 'bfd5525b36fdb80d88a124af5a56b657b23022a3672d5d44b9a39e09d915e4ad';

describe('parseHelperDump', () => {
  const facts = parseHelperDump(dump);

  it('reads host interfaces, the sandbox netns links and interfaces', () => {
    expect(facts.hostIfaces.find((i) => i.name === 'docker0')).toMatchObject({ ifindex: 5, iflink: 5, mac: '02:42:0f:b5:ab:9e', master: null });
    const ns = facts.netns.get(28719)!;
    expect(ns.links).toEqual({ net: 'net:[4026532184]', ipc: expect.stringMatching(/^ipc:\[\d+\]$/), uts: expect.stringMatching(/^uts:\[\d+\]$/), pid: expect.stringMatching(/^pid:\[\d+\]$/) });
    expect(ns.ifaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(ns.ifaces[1].iflink).not.toBe(ns.ifaces[1].ifindex);
    expect(facts.nsNet.get(28785)).toBe('net:[4026532184]');
  });

  it('reads the processes of the pod containers with their socket inodes', () => {
    expect(facts.procs).toEqual([
      { pid: 28719, containerId: SANDBOX, comm: 'pause', sockets: [] },
      { pid: 28785, containerId: WEB, comm: 'httpd', sockets: [336496] },
      { pid: 28832, containerId: UDP, comm: 'udp-listen', sockets: [336546] },
    ]);
  });

  it('maps each listening socket of the netns to its owning container, process and pid', () => {
    const names = new Map([[SANDBOX, 'POD'], [WEB, 'web'], [UDP, 'udp']]);
    const listening = listeningSockets(facts.netns.get(28719)!, { path: 'helper', ms: 0, ...facts }, names);
    expect(listening).toEqual([
      { protocol: 'udp', address: '0.0.0.0', port: 53, container: 'udp', pid: 28832, process: 'udp-listen', inode: 336546 },
      { protocol: 'tcp6', address: '::', port: 80, container: 'web', pid: 28785, process: 'httpd', inode: 336496 },
    ]);
  });

  it('refuses a dump cut short, so a dying helper never looks like "no sockets"', () => {
    expect(() => parseHelperDump(dump.slice(0, dump.indexOf('@@done')))).toThrow(/stopped before/);
  });
});
