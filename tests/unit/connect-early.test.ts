// The CLI asks the engine for /version and the listing before loading `ls`/`snapshot` (runtime/docker/early.ts); the
// connection then takes those answers instead of asking again, and asks itself when they failed. A small HTTP server on
// a unix socket plays the engine and counts what it was asked.
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { connectEngine } from '../../electron/engine/docker';
import { askEarly, takeEarly } from '../../electron/engine/runtime/docker/early';
import { fakeEngine } from './fake-engine.fixture';

let seen: string[] = [];
/** The engine's Server header (dockerd and Podman put one on every answer). */
let server = 'Docker/20.10.24 (linux)';
/** How many of the next requests the engine answers with a 500. */
let failNext = 0;

const CONTAINER = {
  Id: 'c1',
  Names: ['/k8s_web_p_default_u_0'],
  Image: 'busybox',
  Labels: { 'io.podlab.pod': 'p', 'io.podlab.role': 'app' },
  State: 'running',
  Status: 'Up 1 minute',
  Created: 1,
  Ports: [],
  HostConfig: { NetworkMode: 'container:abc' },
};

const { host, dir } = fakeEngine((req, res) => {
  const url = req.url ?? '';
  seen.push(url);
  res.setHeader('Server', server);
  res.setHeader('Api-Version', '1.41');
  if (failNext > 0) {
    failNext--;
    res.statusCode = 500;
    return void res.end('{"message":"busy"}');
  }
  if (url.startsWith('/containers/json')) return void res.end(JSON.stringify([CONTAINER]));
  if (url === '/version') return void res.end(JSON.stringify({ Version: server.split(/[/ ]/)[1], ApiVersion: '1.41', Os: 'linux', Components: [{ Name: 'Engine', Version: '20.10.24' }] }));
  res.statusCode = 404;
  res.end('{"message":"not here"}');
});

beforeEach(() => {
  seen = [];
  failNext = 0;
  server = 'Docker/20.10.24 (linux)';
  takeEarly(host); // nothing left over from another test
});

/** Waits (bounded) until the engine has seen n requests. */
async function engineSaw(n: number): Promise<void> {
  for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('the engine asked before the command is loaded', () => {
  it('answers once: the connection takes the early /version and listing and asks nothing again', async () => {
    expect(askEarly({ DOCKER_HOST: host })).toBe(true);
    await engineSaw(2);
    expect([...seen].sort()).toEqual(['/containers/json?all=true', '/version']);
    const conn = await connectEngine({ DOCKER_HOST: host }, { listAhead: true });
    const ahead = await conn.caches.listingAhead;
    expect(seen).toHaveLength(2);
    expect(conn.version).toBe('20.10.24');
    // Read as the connection's own listing reads it.
    const own = await connectEngine({ DOCKER_HOST: host }, { listAhead: true });
    expect(ahead).toEqual(await own.caches.listingAhead);
    expect(ahead?.map((c) => [c.id, c.joinedNetwork])).toEqual([['c1', 'abc']]);
  });

  it('asks again, with its own client, what failed early', async () => {
    failNext = 2;
    askEarly({ DOCKER_HOST: host });
    await engineSaw(2);
    const conn = await connectEngine({ DOCKER_HOST: host }, { listAhead: true });
    const ahead = await conn.caches.listingAhead;
    expect(conn.version).toBe('20.10.24');
    expect(ahead?.map((c) => c.id)).toEqual(['c1']);
    expect(seen).toHaveLength(4);
  });

  it('is taken once, and only for the endpoint it was asked of', async () => {
    askEarly({ DOCKER_HOST: host });
    expect(takeEarly('unix:///elsewhere.sock')).toBeNull();
    expect(takeEarly(host)?.endpoint).toBe(host);
    expect(takeEarly(host)).toBeNull();
    // Its requests reach the engine meanwhile: not during the next test.
    await engineSaw(2);
  });

  it('is not asked of a remote engine, a docker context or a CRI runtime', () => {
    expect(askEarly({ DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toBe(false);
    expect(askEarly({ DOCKER_HOST: 'ssh://me@box' })).toBe(false);
    expect(askEarly({ DOCKER_CONTEXT: 'remote-box', HOME: dir })).toBe(false);
    expect(askEarly({ DOCKER_HOST: host, CONTAINER_RUNTIME_ENDPOINT: 'unix:///run/containerd/containerd.sock' })).toBe(false);
    expect(takeEarly(host)).toBeNull();
  });
});

describe('the engine\'s /version, remembered between runs', () => {
  const cache = mkdtempSync(join(tmpdir(), 'podlab-memo-'));
  const memo = join(cache, 'podlab', 'engine-version.json');
  const env = { DOCKER_HOST: host, XDG_CACHE_HOME: cache };
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  beforeEach(() => rmSync(memo, { force: true }));

  /** One early run as the CLI makes it: what the engine was asked, and who the connection says it is. */
  async function run(): Promise<{ asked: string[]; version: string; name: string }> {
    seen = [];
    expect(askEarly(env)).toBe(true);
    const conn = await connectEngine(env, { listAhead: true });
    await conn.caches.listingAhead;
    return { asked: [...seen].sort(), version: conn.version, name: conn.engineName ?? '' };
  }

  it('asks it once per engine: the next run asks only the listing, and says the same', async () => {
    const first = await run();
    expect(first.asked).toEqual(['/containers/json?all=true', '/version']);
    expect(statSync(memo).mode & 0o777).toBe(0o600);
    const second = await run();
    expect(second.asked).toEqual(['/containers/json?all=true']);
    expect(second).toEqual({ ...first, asked: second.asked });
    expect(second.name).toBe('Docker');
  });

  it('asks again when the engine answers with another Server header (upgraded behind the same socket)', async () => {
    await run();
    server = 'Docker/24.0.7 (linux)';
    const r = await run();
    expect(r.asked).toEqual(['/containers/json?all=true', '/version']);
    expect(r.version).toBe('24.0.7');
    expect((await run()).asked).toEqual(['/containers/json?all=true']);
  });

  it('asks again when the socket file is not the one that answered (a daemon that started again)', async () => {
    await run();
    // A new socket has another inode or change time; a chmod changes the change time of this one.
    const sock = host.slice('unix://'.length);
    await new Promise((r) => setTimeout(r, 10));
    chmodSync(sock, statSync(sock).mode & 0o777);
    expect((await run()).asked).toEqual(['/containers/json?all=true', '/version']);
  });

  it('trusts no memo that others may write, nor one that is not JSON, and replaces it', async () => {
    await run();
    chmodSync(memo, 0o666);
    expect((await run()).asked).toEqual(['/containers/json?all=true', '/version']);
    writeFileSync(memo, '{"unix:///x.sock": [', { mode: 0o600 });
    expect((await run()).asked).toEqual(['/containers/json?all=true', '/version']);
    expect(statSync(memo).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(memo, 'utf8')) as object)).toEqual([host.slice('unix://'.length)]);
    expect((await run()).asked).toEqual(['/containers/json?all=true']);
  });

  // Root may run with another user's HOME (sudo -E): their folder must not receive root's file.
  it.runIf(process.getuid?.() === 0)('writes no memo into a folder that is not its own user\'s', async () => {
    await run();
    rmSync(memo);
    chownSync(join(cache, 'podlab'), 65534, 65534);
    try {
      expect((await run()).asked).toEqual(['/containers/json?all=true', '/version']);
      expect(existsSync(memo)).toBe(false);
      expect((await run()).asked).toEqual(['/containers/json?all=true', '/version']);
    } finally {
      chownSync(join(cache, 'podlab'), 0, 0);
    }
  });

  it('keeps nothing without a home or cache folder', async () => {
    seen = [];
    askEarly({ DOCKER_HOST: host });
    await connectEngine({ DOCKER_HOST: host }, { listAhead: true });
    seen = [];
    askEarly({ DOCKER_HOST: host });
    await connectEngine({ DOCKER_HOST: host }, { listAhead: true });
    expect(seen.sort()).toEqual(['/containers/json?all=true', '/version']);
  });
});
