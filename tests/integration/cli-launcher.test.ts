// bin/podlab, the sh launcher: it finds itself through npm's symlinks, and leaves out NODE_EXTRA_CA_CERTS (~30 ms of
// Node's start-up here) only when podlab's engine connection is local. Node's own warning for an unreadable CA file
// tells whether Node was given the variable.
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as workerTypes from 'node:worker_threads';
import type * as zlibTypes from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCliBuilt, PODLAB, ROOT, tempDir } from './helpers';

const CA_WARNING = 'Ignoring extra certs from';

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const base = { ...process.env };
  for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'CONTAINER_RUNTIME_ENDPOINT']) delete base[k];
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000, env: { ...base, NODE_EXTRA_CA_CERTS: '/nonexistent/x11-ca.pem', ...env } });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/podlab launcher', () => {
  ensureCliBuilt();

  it('runs through a chain of symlinks, relative and absolute, as npm links bin files', () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, 'node_modules', '.bin'), { recursive: true });
      symlinkSync(PODLAB, join(tmp.dir, 'podlab-abs'));
      symlinkSync('../../podlab-abs', join(tmp.dir, 'node_modules', '.bin', 'podlab'));
      const r = run(join(tmp.dir, 'node_modules', '.bin', 'podlab'), ['--version']);
      expect(r).toMatchObject({ code: 0, stdout: 'podlab 0.1.0\n' });
    } finally {
      tmp.remove();
    }
  });

  it('drops NODE_EXTRA_CA_CERTS for a local engine (no DOCKER_HOST, or a unix:// one)', () => {
    for (const env of [{}, { DOCKER_HOST: 'unix:///var/run/docker.sock' }, { CONTAINER_RUNTIME_ENDPOINT: 'unix:///run/containerd/containerd.sock' }]) {
      const r = run(PODLAB, ['--version'], env);
      expect(r.code).toBe(0);
      expect(r.stderr, JSON.stringify(env)).not.toContain(CA_WARNING);
    }
  });

  it('keeps NODE_EXTRA_CA_CERTS when the engine may be reached over TLS', () => {
    const tmp = tempDir();
    try {
      tmp.write('config.json', '{\n  "currentContext": "remote-box"\n}\n');
      const cases: [NodeJS.ProcessEnv, string[]][] = [
        [{ DOCKER_HOST: 'tcp://127.0.0.1:9' }, []],
        [{ CONTAINER_RUNTIME_ENDPOINT: 'tcp://127.0.0.1:9' }, []],
        [{ DOCKER_CONTEXT: 'remote-box' }, []],
        [{ DOCKER_CONFIG: tmp.dir }, []],
        [{}, ['--runtime-endpoint', 'tcp://127.0.0.1:9']],
        [{}, ['--runtime-endpoint=ssh://me@box']],
      ];
      for (const [env, args] of cases) {
        const r = run(PODLAB, [...args, '--version'], env);
        expect(r.stdout).toBe('podlab 0.1.0\n');
        expect(r.stderr, JSON.stringify([env, args])).toContain(CA_WARNING);
      }
    } finally {
      tmp.remove();
    }
  });

  it('runs one-shot commands without background optimizing compiles (serve and watch keep them)', () => {
    const tmp = tempDir();
    try {
      // A `node` first on PATH that notes its arguments, then runs the real one.
      const log = join(tmp.dir, 'args.log');
      const shim = tmp.write('node', `#!/bin/sh\necho "$*" >> ${log}\nexec ${process.execPath} "$@"\n`);
      chmodSync(shim, 0o755);
      const path = `${tmp.dir}:${process.env.PATH ?? ''}`;
      for (const cmd of ['ls', 'snapshot', 'serve', 'watch']) expect(run(PODLAB, [cmd, '--help'], { PATH: path }).code, cmd).toBe(0);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      expect(lines.map((l) => [l.split(' ').includes('--no-concurrent-recompilation'), l.split(' ').at(-2)])).toEqual([
        [true, 'ls'],
        [true, 'snapshot'],
        [false, 'serve'],
        [false, 'watch'],
      ]);
    } finally {
      tmp.remove();
    }
  });
});

describe('builtins loaded on first use (out/cli/lazy-*.cjs)', () => {
  ensureCliBuilt();

  it('stand for the real module: calls, classes, `in` and keys', () => {
    const zlib = createRequire(__filename)(join(ROOT, 'out', 'cli', 'lazy-zlib.cjs')) as typeof zlibTypes;
    expect(zlib.gunzipSync(zlib.gzipSync('pod')).toString()).toBe('pod');
    expect('gzipSync' in zlib).toBe(true);
    expect(Object.keys(zlib)).toEqual(Object.keys(createRequire(__filename)('node:zlib') as object));
    const wt = createRequire(__filename)(join(ROOT, 'out', 'cli', 'lazy-worker-threads.cjs')) as typeof workerTypes;
    expect(typeof wt.Worker).toBe('function');
  });

  it('are not loaded by `ls` until a command needs them (nor fs/promises and perf_hooks, ~1 ms each)', () => {
    // A preload that prints, at exit, which of them Node loaded.
    const tmp = tempDir();
    try {
      const probe = tmp.write('probe.cjs', "process.on('exit', () => process.stderr.write('LOADED ' + process.moduleLoadList.filter((m) => /^NativeModule (zlib|worker_threads|crypto|fs\\/promises|perf_hooks)$/.test(m)).join(',') + '\\n'));\n");
      const r = spawnSync(process.execPath, ['-r', probe, join(ROOT, 'bin', 'podlab.cjs'), 'ls', '--json'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DOCKER_HOST: `unix://${join(tmp.dir, 'none.sock')}` } });
      // No engine there: ls fails as it should, having loaded everything it needs to get that far.
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('LOADED \n');
    } finally {
      tmp.remove();
    }
  });
});

describe('the engine asked before `ls` is loaded (runtime/docker/early.ts)', () => {
  ensureCliBuilt();

  /** Runs bin/podlab against a fake engine on a unix socket; `hold`: the engine never answers. */
  async function againstFakeEngine(args: string[], hold: boolean): Promise<{ code: number | null; signal: string | null; stdout: string; seen: string[] }> {
    const tmp = tempDir();
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (hold) return;
      res.setHeader('Content-Type', 'application/json');
      res.end(req.url === '/version' ? JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux' }) : '[]');
    });
    const sock = join(tmp.dir, 'engine.sock');
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const env = { ...process.env, DOCKER_HOST: `unix://${sock}` };
      return await new Promise((resolve) => {
        execFile(PODLAB, args, { env, timeout: 20_000, encoding: 'utf8' }, (err, stdout) => {
          const e = err as (Error & { code?: number; signal?: string }) | null;
          resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, seen });
        });
      });
    } finally {
      server.closeAllConnections();
      server.close();
      tmp.remove();
    }
  }

  it('asks for the version and the listing once each, and uses those answers', async () => {
    const r = await againstFakeEngine(['ls', '--json'], false);
    expect(r).toMatchObject({ code: 0, stdout: '[]\n' });
    // Each once (the model asks other things of its own: networks, whether anything runs).
    expect(r.seen.filter((u) => u === '/version' || u === '/containers/json?all=true').sort()).toEqual(['/containers/json?all=true', '/version']);
  });

  it('does not wait for the engine when the command ends before it needs the answers', async () => {
    const r = await againstFakeEngine(['ls', '--no-such-flag'], true);
    // Exit 2 (usage) at once, not killed by the timeout while the held requests are open.
    expect(r).toMatchObject({ code: 2, signal: null });
    expect(r.seen.length).toBeGreaterThan(0);
  });
});
