// The engine's /version, remembered between runs of `ls` and `snapshot` (runtime/docker/version-memo.ts): dockerd spends
// ~7 ms of CPU on each /version. On the real engine the first run asks and keeps the answer, the next one takes it from
// the memo, and both say the same engine, the one `docker version` names.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, ensureCliBuilt, podlab, tempDir } from './helpers';

const cache = tempDir();
const env = { XDG_CACHE_HOME: cache.dir, PODLAB_TRACE: '1' };

beforeAll(() => ensureCliBuilt());
afterAll(() => cache.remove());

interface Engine {
  endpoint: string;
  version: string;
  apiVersion: string;
  name: string;
  kind: string;
}

async function snapshotEngine(): Promise<{ engine: Engine; remembered: boolean }> {
  const r = await podlab(['snapshot', '--format', 'json'], { env });
  expect(r.code, r.stderr).toBe(0);
  return { engine: (JSON.parse(r.stdout) as { engine: Engine }).engine, remembered: r.stderr.includes('engine version remembered') };
}

describe("the engine's /version between runs", () => {
  it('is asked by the first run only, and every run names the same engine', async () => {
    const first = await snapshotEngine();
    expect(first.remembered).toBe(false);
    const memo = join(cache.dir, 'podlab', 'engine-version.json');
    expect(statSync(memo).mode & 0o777).toBe(0o600);
    const socket = first.engine.endpoint.replace(/^unix:\/\//, '');
    expect(Object.keys(JSON.parse(readFileSync(memo, 'utf8')) as object)).toEqual([socket]);

    const second = await snapshotEngine();
    expect(second.remembered).toBe(true);
    expect(second.engine).toEqual(first.engine);
    expect(second.engine).toMatchObject({ name: 'Docker', kind: 'docker', version: docker(['version', '--format', '{{.Server.Version}}']) });

    // `ls` takes the same memo.
    const ls = await podlab(['ls', '--json'], { env });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stderr).toContain('engine version remembered');
  });
});
