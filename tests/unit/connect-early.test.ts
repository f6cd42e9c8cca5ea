// The CLI asks the engine for /version and the listing before loading `ls`/`snapshot` (runtime/docker/early.ts); the
// connection then takes those answers instead of asking again, and asks itself when they failed. A small HTTP server on
// a unix socket plays the engine and counts what it was asked.
import { beforeEach, describe, expect, it } from 'vitest';
import { connectEngine } from '../../electron/engine/docker';
import { askEarly, takeEarly } from '../../electron/engine/runtime/docker/early';
import { fakeEngine } from './fake-engine.fixture';

let seen: string[] = [];
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
  if (failNext > 0) {
    failNext--;
    res.statusCode = 500;
    return void res.end('{"message":"busy"}');
  }
  if (url.startsWith('/containers/json')) return void res.end(JSON.stringify([CONTAINER]));
  if (url === '/version') return void res.end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux' }));
  res.statusCode = 404;
  res.end('{"message":"not here"}');
});

beforeEach(() => {
  seen = [];
  failNext = 0;
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
  });

  it('is not asked of a remote engine, a docker context or a CRI runtime', () => {
    expect(askEarly({ DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toBe(false);
    expect(askEarly({ DOCKER_HOST: 'ssh://me@box' })).toBe(false);
    expect(askEarly({ DOCKER_CONTEXT: 'remote-box', HOME: dir })).toBe(false);
    expect(askEarly({ DOCKER_HOST: host, CONTAINER_RUNTIME_ENDPOINT: 'unix:///run/containerd/containerd.sock' })).toBe(false);
    expect(takeEarly(host)).toBeNull();
  });
});
