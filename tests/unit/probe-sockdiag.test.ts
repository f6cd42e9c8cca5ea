// The native socket reader (probe/native/sockdiag.c, via probe/sockdiag.ts) must tell exactly what /proc/<pid>/net/tcp
// and tcp6 tell of a netns's LISTEN sockets — it replaces those reads when it is built. Checked against the kernel on
// this process's own netns with real listeners; the parser against a recorded answer.
import { createServer, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isListening, parseSocketTable, type SocketFamily } from '../../shared/procnet';
import { parseSockdiag, readTcpTablesNative, sockdiagHelper } from '../../electron/engine/probe/sockdiag';

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
});
