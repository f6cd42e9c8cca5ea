// `ls` and `snapshot` connect with listAhead: the container listing goes out beside /version instead of after it. A
// small HTTP server on a unix socket plays the engine and holds /version until the listing has arrived (or 1.5 s).
import { describe, expect, it } from 'vitest';
import { connectEngine } from '../../electron/engine/docker';
import { fakeEngine } from './fake-engine.fixture';

const seen: string[] = [];
let listed: () => void = () => undefined;
let listingArrived = new Promise<void>((r) => (listed = r));
/** What let /version answer: the listing's arrival, or the hold running out. */
let versionFreedBy: 'listing' | 'timeout' | null = null;
const HOLD_MS = 1500;

const CONTAINER = { Id: 'c1', Names: ['/k8s_web_p_default_u_0'], Image: 'busybox', Labels: { 'io.podlab.pod': 'p' }, State: 'running', Status: 'Up 1 minute', Created: 1, Ports: [] };

const { host } = fakeEngine((req, res) => {
  const path = (req.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0];
  seen.push(path);
  if (path === '/containers/json') {
    listed();
    res.end(JSON.stringify([CONTAINER]));
  } else if (path === '/version') {
    const answer = (by: 'listing' | 'timeout'): void => {
      versionFreedBy = by;
      res.end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux' }));
    };
    const t = setTimeout(() => answer('timeout'), HOLD_MS);
    void listingArrived.then(() => {
      clearTimeout(t);
      answer('listing');
    });
  } else {
    res.statusCode = 404;
    res.end('{"message":"not here"}');
  }
});

describe('connecting with listAhead', () => {
  it('sends the listing before /version has answered, and keeps it for the first model build', async () => {
    seen.length = 0;
    const conn = await connectEngine({ DOCKER_HOST: host }, { listAhead: true });
    // The listing arrived while /version was still unanswered.
    expect(versionFreedBy).toBe('listing');
    expect(seen.sort()).toEqual(['/containers/json', '/version']);
    expect(conn.version).toBe('20.10.24');
    const ahead = await conn.caches.listingAhead;
    expect(ahead?.map((c) => [c.id, c.labels['io.podlab.pod']])).toEqual([['c1', 'p']]);
  });

  it('lists nothing without it', async () => {
    seen.length = 0;
    listingArrived = new Promise<void>((r) => (listed = r));
    // Nothing lists, so /version is held its whole HOLD_MS.
    const conn = await connectEngine({ DOCKER_HOST: host }, {});
    expect(versionFreedBy).toBe('timeout');
    expect(seen).toEqual(['/version']);
    expect(conn.caches.listingAhead).toBeUndefined();
  }, 10_000);
});
