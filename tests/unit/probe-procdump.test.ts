// The native dump (probe/native/procdump.c, via probe/procdump.ts) replaces the describer's and the direct probe's /proc
// reads: its parser must take only what the helper completed, whatever else it printed (cut off, lying lengths, junk),
// and the helper itself must tell what /proc tells, checked on this test process (in a cgroup.procs file of our own).
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpRequestText, parseProcDump, ProcDumpParser, procDumpAvailable, runProcDump } from '../../electron/engine/probe/procdump';
import { netnsFromDump, procsFromDump } from '../../electron/engine/probe/dumped';
import { parseStat } from '../../electron/engine/probe/stat';
import { socketInode } from '../../shared/procnet';

const SB = 'a'.repeat(64);

/** Waits (at most 2 s) until `ok` holds. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
}
const APP = 'b'.repeat(64);
const blob = (tag: string, text: string): string => `${tag} ${Buffer.byteLength(text)}\n${Buffer.from(text).toString('latin1')}\n`;

/** A dump as the helper prints it: a sandbox (two processes, a comm with spaces, a parenthesis and a newline) and an app. */
function sample(): string {
  return [
    '@@podlab-dump 1\n',
    'T 1234.56 1700000000\n',
    blob('F links', '1 1 65536 0 0 00:00:00:00:00:00 lo\n5 5 1500 6 0 02:42:00:00:00:01 docker0\n'),
    `C ${SB} s\n`,
    blob('P 100 90 5000', 'pause'),
    blob('P 101 100 5001', 'we (ird)\nname'),
    'M 100\n',
    'N net net:[4026531999]\n',
    'N uts uts:[4026531998]\n',
    'N ipc ipc:[4026531997]\n',
    'N pid pid:[4026531996]\n',
    blob('F hostname', 'pod-ü\n'),
    'E\n',
    `C ${APP} a\n`,
    blob('P 200 90 6000', 'httpd'),
    'M 200\n',
    'N net net:[4026531999]\n',
    'E\n',
    'Y\n',
    `K ${SB}\n`,
    'S 100 777\n',
    'S 101\n',
    blob('F udp', '  sl  local_address\n'),
    blob('F tcp', '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 777\n'),
    blob('F links', '1 1 65536 0 0 00:00:00:00:00:00 lo\n2 9 1500 6 0 02:42:ac:11:00:02 eth0\n'),
    'E\n',
    `K ${APP}\n`,
    'S 200 888 889\n',
    'E\n',
    'Z\n',
  ].join('');
}

describe('parseProcDump', () => {
  it('fed in pieces of any size, gives what the whole answer gives; the describer part is ready once Y is in', () => {
    const text = sample();
    const whole = JSON.stringify(parseProcDump(text), (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    const y = text.indexOf('Y\n');
    for (const size of [1, 2, 3, 7, 16, 61, 200, text.length]) {
      const p = new ProcDumpParser();
      let firstPart: unknown = null;
      for (let at = 0; at < text.length; at += size) {
        p.feed(text.slice(at, at + size));
        expect(p.dump.described, `size ${size}, at ${at}`).toBe(at + size >= y + 2);
        if (p.dump.described && !firstPart) firstPart = p.dump.containers.get(SB);
      }
      expect(JSON.stringify(p.result(), (_k, v: unknown) => (v instanceof Map ? [...v] : v)), `size ${size}`).toBe(whole);
      // The probe's part joined the very objects the describer was given.
      expect(p.dump.containers.get(SB)).toBe(firstPart);
      expect(p.dump.containers.get(SB)!.socketsRead).toBe(true);
    }
  });

  it('reads the host, a sandbox and an app as the helper printed them', () => {
    const d = parseProcDump(sample())!;
    expect(d.described).toBe(true);
    expect(d.uptimeMs).toBeCloseTo(1234560);
    expect(d.bootMs).toBe(1700000000000);
    expect(d.hostLinks).toMatch(/docker0/);
    expect([...d.containers.keys()]).toEqual([SB, APP]);
    const sb = d.containers.get(SB)!;
    expect(sb.procs).toEqual([
      { pid: 100, ppid: 90, start: 5000, comm: 'pause', sockets: [777] },
      { pid: 101, ppid: 100, start: 5001, comm: 'we (ird)\nname', sockets: [] },
    ]);
    expect(sb.texts.hostname).toBe('pod-ü\n');
    const netns = netnsFromDump(sb)!;
    expect(netns.links).toEqual({ net: 'net:[4026531999]', uts: 'uts:[4026531998]', ipc: 'ipc:[4026531997]', pid: 'pid:[4026531996]' });
    expect(netns.ifaces.map((i) => [i.name, i.iflink, i.operstate])).toEqual([['lo', 1, 'unknown'], ['eth0', 9, 'up']]);
    expect(netns.files.tcp).toMatch(/^\s+sl\s+local_address.*\n.*0100007F:1F90/s);
    // No tcp6 answer: a netns without IPv6, as sock_diag run on its own says.
    expect(netns.files.tcp6).toBeUndefined();
    expect(procsFromDump(d.containers.get(APP)!)).toEqual([{ pid: 200, containerId: APP, comm: 'httpd', sockets: [888, 889] }]);
    // An app is no netns of its own.
    expect(netnsFromDump(d.containers.get(APP))).toBeNull();
  });

  it('keeps only the containers completed before an answer is cut off, at any byte; netns texts only whole', () => {
    const text = sample();
    const [app, y] = [text.indexOf(`C ${APP}`), text.indexOf('Y\n')];
    // The netns's last record, its links blob, ends just before the K section's E.
    const linksEnd = text.indexOf('E\n', text.indexOf('F links', text.indexOf(`K ${SB}`)));
    for (let cut = 0; cut < text.length; cut++) {
      const d = parseProcDump(text.slice(0, cut));
      if (cut < '@@podlab-dump 1\n'.length) {
        expect(d).toBeNull();
        continue;
      }
      expect([...d!.containers.keys()], `cut at ${cut}`).toEqual(cut < app ? [] : cut < y ? [SB] : [SB, APP]);
      expect(d!.described, `cut at ${cut}`).toBe(cut >= y + 2);
      // The probe takes a sandbox's netns only with its sockets and links: else it reads /proc.
      expect(netnsFromDump(d!.containers.get(SB)) !== null, `cut at ${cut}`).toBe(cut >= linksEnd);
      // A container's processes count for the probe only once all their sockets are said (its K section's E).
      const appDone = text.lastIndexOf('E\n') + 2;
      const app2 = d!.containers.get(APP);
      expect(app2 ? procsFromDump(app2) !== null : false, `cut at ${cut}`).toBe(cut >= appDone);
    }
  });

  it('stops at a blob whose length lies, or a record it does not know, and keeps what came before', () => {
    const text = sample();
    const app = (t: string): number => t.indexOf(`C ${APP}`);
    const at = app(text);
    const tail = (s: string): string[] => [...parseProcDump(text.slice(0, at) + s)!.containers.keys()];
    expect(tail(`C ${APP} a\nP 200 90 6000 99999999999\nhttpd\nM 200\nE\nZ\n`)).toEqual([SB]);
    expect(tail(`C ${APP} a\nP 200 90 6000 3\nhttpd\nM 200\nE\nZ\n`)).toEqual([SB]);
    expect(tail(`C ${APP} a\nP 200 90 6000 -5\nhttpd\nM 200\nE\nZ\n`)).toEqual([SB]);
    expect(tail(`C ${APP} a\nQ what\nE\nZ\n`)).toEqual([SB]);
    // Sockets belong to the probe's part, for a pid of that container, as numbers.
    expect(tail(`C ${APP} a\nP 200 90 6000 5\nhttpd\nS 200 1\nM 200\nE\nZ\n`)).toEqual([SB]);
    const probePart = (k: string): boolean => procsFromDump(parseProcDump(text.slice(0, text.indexOf(`K ${APP}`)) + k)!.containers.get(APP)!) !== null;
    expect(probePart(`K ${APP}\nS 200 12x\nE\nZ\n`)).toBe(false);
    expect(probePart(`K ${APP}\nS 999 12\nE\nZ\n`)).toBe(false);
    expect(probePart(`K ${APP}\nS 200 12\nE\nZ\n`)).toBe(true);
    // A container the helper could not read, a main pid that is none of its processes, a second C before E: left out.
    expect(tail(`C ${APP} a\nX no readable cgroup.procs\nZ\n`)).toEqual([SB]);
    expect(tail(`C ${APP} a\nP 200 90 6000 5\nhttpd\nM 999\nE\nZ\n`)).toEqual([SB]);
    expect(tail(`C ${APP} a\nC ${APP} a\nE\nZ\n`)).toEqual([SB]);
    // Texts belong to sandboxes only, netns texts to a K section after Y; a K for an app; an id that is not one.
    expect(tail(`C ${APP} a\nF hostname 1\nx\nE\nZ\n`)).toEqual([SB]);
    expect(parseProcDump(text.slice(0, text.indexOf(`K ${SB}`)) + `K ${SB}\nF hostname 1\nx\nE\nZ\n`)!.containers.get(SB)!.texts.hostname).toBe('pod-ü\n');
    expect(parseProcDump(text.slice(0, text.indexOf(`K ${SB}`)) + `K ${APP}\nF udp 1\nx\nE\nZ\n`)!.containers.get(APP)!.texts).toEqual({});
    expect(parseProcDump(text.slice(0, app(text)) + `C ${APP} a\nP 200 90 6000 5\nhttpd\nM 200\nF udp 1\nx\nE\nY\nZ\n`)!.containers.has(APP)).toBe(false);
    expect(tail(`C ../../etc a\nE\nZ\n`)).toEqual([SB]);
    expect(parseProcDump('something else\n')).toBeNull();
  });

  it('never throws and ends on random input (bounded: each step consumes a line)', () => {
    const text = sample();
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 2000; i++) {
      const b = Buffer.from(text, 'latin1');
      for (let k = 0; k < 1 + rand(8); k++) b[rand(b.length)] = rand(256);
      const d = parseProcDump(b.toString('latin1'));
      for (const c of d?.containers.values() ?? []) {
        expect(c.procs.some((p) => p.pid === c.main)).toBe(true);
        expect(c.procs.every((p) => p.sockets.every((n) => Number.isInteger(n)))).toBe(true);
      }
    }
  });
});

describe('dumpRequestText', () => {
  it('says the cgroup layout, the host flag and the containers; refuses what it cannot say on a line', () => {
    expect(dumpRequestText({ around: [['/sys/fs/cgroup/docker/', '']], containers: [{ id: SB, sandbox: true }, { id: APP, sandbox: false }], host: true })).toBe(`G /sys/fs/cgroup/docker/\t\nH\ns ${SB}\na ${APP}\n.\n`);
    expect(dumpRequestText({ around: [['/a\tb/', '']], containers: [], host: false })).toBeNull();
    expect(dumpRequestText({ around: [['/a/', '\n']], containers: [], host: false })).toBeNull();
    expect(dumpRequestText({ around: [], containers: [], host: false })).toBeNull();
    expect(dumpRequestText({ around: [['/a/', '']], containers: [{ id: 'ab\nH', sandbox: false }], host: false })).toBeNull();
  });
});

describe.runIf(procDumpAvailable())('the native dump, against /proc', () => {
  const dir = join(tmpdir(), `np-procdump-${process.pid}`);
  const id = 'c'.repeat(64);
  let server: Server;

  beforeAll(async () => {
    // This test process stands for a container: a cgroup.procs of our own lists it (the helper reads only that file).
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id, 'cgroup.procs'), `${process.pid}\n`);
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  it('answers in the request order when threads read the containers side by side (32 or more)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(2, '0').repeat(32));
    for (const x of ids) {
      mkdirSync(join(dir, x), { recursive: true });
      writeFileSync(join(dir, x, 'cgroup.procs'), `${process.pid}\n`);
    }
    const d = (await runProcDump({ around: [[`${dir}/`, '']], containers: ids.map((x, i) => ({ id: x, sandbox: i % 2 === 0 })), host: true })!.done)!;
    expect([...d.containers.keys()]).toEqual(ids);
    for (const [i, c] of [...d.containers.values()].entries()) {
      expect(c.main).toBe(process.pid);
      expect(c.ns.net).toBe(readlinkSync(`/proc/${process.pid}/ns/net`));
      // Sandboxes carry their netns's texts (each thread entered it on its own), apps none.
      expect(c.texts.route === undefined, c.id).toBe(i % 2 === 1);
      if (i % 2 === 0) expect(netnsFromDump(c)!.ifaces.some((x) => x.name === 'lo')).toBe(true);
    }
  });

  it('is not fooled by a process named Y (its comm line looks like the end of the first part)', async () => {
    // A copy of sleep named Y: the kernel takes comm from the file name.
    const y = join(dir, 'Y');
    copyFileSync('/bin/sleep', y);
    chmodSync(y, 0o755);
    const child = spawn(y, ['30'], { stdio: 'ignore' });
    try {
      const ids = Array.from({ length: 3 }, (_, i) => String(i + 5).repeat(64));
      for (const x of ids) {
        mkdirSync(join(dir, x), { recursive: true });
        writeFileSync(join(dir, x, 'cgroup.procs'), `${child.pid}\n`);
      }
      await until(() => readFileSync(`/proc/${child.pid}/comm`, 'utf8') === 'Y\n');
      const run = runProcDump({ around: [[`${dir}/`, '']], containers: ids.map((x) => ({ id: x, sandbox: true })), host: false })!;
      const first = (await run.described)!;
      expect([...first.containers.keys()]).toEqual(ids);
      expect(first.containers.get(ids[2]!)!.procs[0]!.comm).toBe('Y');
      expect(netnsFromDump((await run.done)!.containers.get(ids[2]!))).not.toBeNull();
    } finally {
      child.kill();
    }
  });

  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads this process's stat, comm, sockets, namespaces and netns texts as /proc and sock_diag do", async () => {
    const run = runProcDump({ around: [[`${dir}/`, '']], containers: [{ id, sandbox: true }, { id: 'd'.repeat(64), sandbox: false }], host: true })!;
    const first = (await run.described)!;
    expect(first.described).toBe(true);
    const d = (await run.done)!;
    // The whole answer adds the netns texts to the objects of the first part (the describer holds those).
    expect(d).toBe(first);
    // The second container has no cgroup.procs: left out, for Node to read.
    expect([...d.containers.keys()]).toEqual([id]);
    const c = d.containers.get(id)!;
    const stat = parseStat(readFileSync(`/proc/${process.pid}/stat`, 'utf8'))!;
    expect(c.main).toBe(process.pid);
    expect(c.procs).toHaveLength(1);
    expect(c.procs[0]).toMatchObject({ pid: process.pid, ppid: stat.ppid, start: stat.start, comm: readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim() });
    const fds = readdirSync(`/proc/${process.pid}/fd`).flatMap((fd) => {
      try {
        const inode = socketInode(readlinkSync(`/proc/${process.pid}/fd/${fd}`));
        return inode == null ? [] : [inode];
      } catch {
        return [];
      }
    });
    // Sockets opened or closed meanwhile by the test runner aside, the same inodes (our listener's among them).
    const both = c.procs[0]!.sockets.filter((s) => fds.includes(s));
    expect(both.length).toBeGreaterThanOrEqual(Math.max(fds.length, c.procs[0]!.sockets.length) - 2);
    for (const k of ['net', 'uts', 'ipc', 'pid'] as const) expect(c.ns[k]).toBe(readlinkSync(`/proc/${process.pid}/ns/${k}`));
    expect(c.texts.hostname).toBe(readFileSync(`/proc/${process.pid}/root/etc/hostname`, 'utf8'));
    expect(c.texts.route).toBe(readFileSync(`/proc/${process.pid}/net/route`, 'utf8'));
    const netns = netnsFromDump(c)!;
    const port = (server.address() as { port: number }).port;
    expect(netns.files.tcp).toMatch(new RegExp(`0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A`));
    expect(netns.ifaces.find((i) => i.name === 'lo')).toMatchObject({ ifindex: 1 });
    expect(d.hostLinks).toMatch(/ lo\n/);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]) * 1000;
    expect(d.bootMs).toBe(boot);
    expect(Math.abs(d.uptimeMs! - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000)).toBeLessThan(60_000);
  });
});
