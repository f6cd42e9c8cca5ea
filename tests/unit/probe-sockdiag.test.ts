// The native socket reader (probe/native/sockdiag.c, via probe/sockdiag.ts) must tell exactly what /proc/<pid>/net/tcp
// and tcp6 tell of a netns's LISTEN sockets — it replaces those reads when it is built. Checked against the kernel on
// this process's own netns with real listeners; the parser against a recorded answer.
import { createServer, type Server } from 'node:net';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isListening, parseSocketTable, type SocketFamily } from '../../shared/procnet';
import { parseSockdiag, parseSockdiagLinks, readHostLinksNative, readTcpTablesNative, sockdiagHelper } from '../../electron/engine/probe/sockdiag';
import type { SysIface } from '../../electron/engine/probe/types';

const listening = (text: string | null, fam: SocketFamily): string[] =>
  parseSocketTable(text ?? '', fam)
    .filter(isListening)
    .map((e) => `${fam} ${e.localAddress}:${e.localPort} inode ${e.inode}`)
    .sort();

describe('parseSockdiag', () => {
  it('gives each pid its tcp and tcp6 tables in /proc form, and leaves out a pid it could not enter', () => {
    const out = [
      '@@ 41 tcp',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 555',
      '@@ 41 tcp6',
      '   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 556',
      '@@ 42 error Operation not permitted',
      '@@ 43 tcp',
      '@@ 43 tcp6',
      '',
    ].join('\n');
    const m = parseSockdiag(out);
    expect([...m.keys()]).toEqual([41, 43]);
    expect(listening(m.get(41)![0], 'tcp')).toEqual(['tcp 127.0.0.1:8080 inode 555']);
    expect(listening(m.get(41)![1], 'tcp6')).toEqual(['tcp6 :::80 inode 556']);
    expect(m.get(43)!.map((t) => listening(t, 'tcp'))).toEqual([[], []]);
  });

  it('a netns without IPv6 has a tcp table and no tcp6 one, as /proc has then', () => {
    expect(parseSockdiag('@@ 7 tcp\n').get(7)).toEqual([expect.stringMatching(/^\s*sl\s+local_address/), null]);
  });
});

describe('parseSockdiagLinks', () => {
  it('gives each netns its interfaces as sysfs shows them: bridge by name, state by name, no MAC as null', () => {
    const out = [
      '@@ 0 links',
      '1 1 65536 0 0 00:00:00:00:00:00 lo',
      '5 5 1500 6 0 02:42:2b:85:f8:73 docker0',
      '9 8 1500 6 5 4a:1c:00:00:00:01 vethab12',
      '12 12 1420 0 0 - wg0',
      '@@ 41 tcp',
      '@@ 41 links',
      '2 9 1500 6 0 02:42:0a:00:00:02 eth0',
      '@@ 42 tcp',
      '@@ 42 error Operation not permitted',
      '',
    ].join('\n');
    const m = parseSockdiagLinks(out);
    expect([...m.keys()]).toEqual([0, 41]);
    expect(m.get(0)!.find((i) => i.name === 'vethab12')).toEqual({ name: 'vethab12', ifindex: 9, iflink: 8, mtu: 1500, mac: '4a:1c:00:00:00:01', operstate: 'up', master: 'docker0' });
    expect(m.get(0)!.find((i) => i.name === 'wg0')).toMatchObject({ mac: null, operstate: 'unknown', master: null });
    expect(m.get(41)).toEqual([{ name: 'eth0', ifindex: 2, iflink: 9, mtu: 1500, mac: '02:42:0a:00:00:02', operstate: 'up', master: null }]);
    // The links section does not run into the tcp table before it.
    expect(parseSockdiag(out).get(41)).toEqual([expect.stringMatching(/^\s*sl\s+local_address[^\n]*\n$/), null]);
  });
});

/** An interface as /sys/class/net shows it (the sysfs probe's reads). */
function sysfsIface(name: string): SysIface | null {
  const read = (f: string): string | null => {
    try {
      return readFileSync(`/sys/class/net/${name}/${f}`, 'utf8').trim();
    } catch {
      return null;
    }
  };
  const ifindex = read('ifindex');
  if (ifindex === null) return null;
  let master: string | null;
  try {
    master = readlinkSync(`/sys/class/net/${name}/master`).split('/').pop() ?? null;
  } catch {
    master = null;
  }
  return { name, ifindex: Number(ifindex), iflink: Number(read('iflink') ?? ifindex), mtu: Number(read('mtu') ?? 0), mac: read('address') || null, operstate: read('operstate') ?? 'unknown', master };
}

describe.runIf(process.platform === 'linux' && process.getuid?.() === 0)('the helper against the kernel', () => {
  const servers: Server[] = [];
  const listen = (host: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer();
      servers.push(s);
      s.once('error', reject);
      s.listen(0, host, () => resolve());
    });

  beforeAll(async () => {
    await listen('127.0.0.1');
    await listen('::1').catch(() => undefined); // a host without IPv6 still checks IPv4
  });
  afterAll(() => servers.forEach((s) => s.close()));

  it('is built (npm run build, with the C compiler scripts/test.sh installs)', () => {
    expect(sockdiagHelper()).toMatch(/out\/native\/podlab-sockdiag$/);
  });

  it('lists the same LISTEN sockets of a netns as /proc/<pid>/net/tcp and tcp6, and nothing for a pid that is gone', async () => {
    const pid = process.pid;
    const m = await readTcpTablesNative([pid, 0x7ffffff0])!;
    expect([...m.keys()]).toEqual([pid]);
    const [tcp, tcp6] = m.get(pid)!;
    const procTcp = readFileSync(`/proc/${pid}/net/tcp`, 'utf8');
    const procTcp6 = (() => {
      try {
        return readFileSync(`/proc/${pid}/net/tcp6`, 'utf8');
      } catch {
        return null;
      }
    })();
    const ours = listening(tcp, 'tcp');
    expect(ours).toEqual(listening(procTcp, 'tcp'));
    expect(listening(tcp6, 'tcp6')).toEqual(listening(procTcp6, 'tcp6'));
    const port = (servers[0]!.address() as { port: number }).port;
    expect(ours.some((l) => l.startsWith(`tcp 127.0.0.1:${port} `))).toBe(true);
  });

  it("lists the host's interfaces as /sys/class/net does (index, peer, MTU, MAC, state, bridge)", async () => {
    const native = await readHostLinksNative()!;
    const sysfs = readdirSync('/sys/class/net').map(sysfsIface).filter((i): i is SysIface => i !== null);
    expect(native).not.toBeNull();
    // Other processes may add or remove interfaces between the two reads: compare those both saw, nearly all of them.
    const both = native!.filter((n) => sysfs.some((x) => x.name === n.name));
    expect(both.length).toBeGreaterThan(Math.max(native!.length, sysfs.length) - 5);
    expect(both.find((i) => i.name === 'lo')).toMatchObject({ ifindex: 1, mac: '00:00:00:00:00:00' });
    for (const n of both) expect(n, n.name).toEqual(sysfs.find((x) => x.name === n.name));
  });
});
