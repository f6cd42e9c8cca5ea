// The pure parts of the hands-on commands: what prove reads from a container's output, the one-IP verdict, and
// kubectl's short flags.
import { describe, expect, it } from 'vitest';
import { parseIdentity, parseReach, sameIdentity, type NetIdentity } from '../../shared/hands/prove';

const id = (over: Partial<NetIdentity>): NetIdentity => ({
  container: 'web',
  role: 'app',
  netns: 'net:[4026532184]',
  addresses: ['172.17.0.2/16'],
  mac: '02:42:ac:11:00:02',
  hostname: 'p',
  hostView: null,
  missing: [],
  error: null,
  ...over,
});

describe('prove parsing', () => {
  it('reads the identity lines and ignores junk', () => {
    const text = 'missing=ip\nnetns=net:[4026532184]\nmac=02:42:AC:11:00:02\ninet=172.17.0.2/16\nhostname=web-sidecar\nnetns=garbage\n';
    expect(parseIdentity(text)).toEqual({ netns: 'net:[4026532184]', addresses: ['172.17.0.2/16'], mac: '02:42:ac:11:00:02', hostname: 'web-sidecar', missing: ['ip'] });
    expect(parseIdentity('netns=\nmac=\n')).toEqual({ netns: null, addresses: [], mac: null, hostname: null, missing: [] });
  });

  it('classifies each port: reached, refused, timeout, failed; a port without an answer failed', () => {
    const text = "port=80 ok\nport=81 fail nc: can't connect to remote host (127.0.0.1): Connection refused\nport=82 fail nc: timed out\nport=83 fail odd\n";
    expect(parseReach('side', [80, 81, 82, 83, 84], text).map((c) => c.result)).toEqual(['reached', 'refused', 'timeout', 'failed', 'failed']);
    expect(parseReach('bare', [80], 'missing=nc\n')).toEqual([{ from: 'bare', port: 80, result: 'no-tool', detail: 'nc' }]);
  });

  it('one IP only when every readable identity agrees', () => {
    expect(sameIdentity([id({}), id({ container: 'side' }), id({ container: 'bare', netns: null, addresses: [], mac: null })])).toBe(true);
    expect(sameIdentity([id({}), id({ container: 'x', netns: 'net:[4026532999]' })])).toBe(false);
    expect(sameIdentity([id({}), id({ container: 'x', addresses: ['172.17.0.3/16'] })])).toBe(false);
    expect(sameIdentity([id({ netns: null })])).toBe(false);
  });
});
