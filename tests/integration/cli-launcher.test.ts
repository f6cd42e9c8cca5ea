// bin/podlab, the sh launcher: it finds itself through npm's symlinks, and leaves out NODE_EXTRA_CA_CERTS (~30 ms of
// Node's start-up here) only when podlab's engine connection is local. Node's own warning for an unreadable CA file
// tells whether Node was given the variable.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCliBuilt, PODLAB, tempDir } from './helpers';

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
});
