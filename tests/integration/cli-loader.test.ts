// bin/podlab's loader: runs the bundled CLI through a V8 code cache in out/cli/.v8-cache. Each test works on a copy of
// bin/podlab and the built files in a temporary folder, so other tests' podlab runs never touch its cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, cleanupPods, ensureCliBuilt, podlab, uniqueName } from './helpers';

let dir: string;
const cacheDir = (): string => join(dir, 'out', 'cli', '.v8-cache');
const entries = (): string[] => (existsSync(cacheDir()) ? readdirSync(cacheDir()).sort() : []);
/** The entries of the command files (the lazily loaded builtins' small files get their own too). */
const commandEntries = (): string[] => entries().filter((e) => !e.startsWith('lazy-'));
/** The cache names' tag for the V8 flags bin/podlab runs one-shot commands with (bin/podlab.cjs: FNV-1a of them). */
const tag = (): string => {
  let h = 0x811c9dc5;
  for (const ch of '--no-concurrent-recompilation') h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `~${h.toString(16).padStart(8, '0')}`;
};

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(join(dir, 'bin', 'podlab'), args, {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, PODLAB_TEMPLATES_DIR: join(ROOT, 'templates') },
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => ensureCliBuilt());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podlab-loader-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'out', 'cli'), { recursive: true });
  for (const f of ['podlab', 'podlab.cjs', 'package.json']) copyFileSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
  const lazy = readdirSync(join(ROOT, 'out', 'cli')).filter((f) => /^lazy-[a-z-]+\.cjs$/.test(f));
  for (const f of ['podlab.cjs', 'templates.cjs', ...lazy]) copyFileSync(join(ROOT, 'out', 'cli', f), join(dir, 'out', 'cli', f));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/podlab loader', () => {
  it('writes a code cache on the first run and reuses it, unchanged, on the next', () => {
    expect(entries()).toEqual([]);
    const first = run(['templates']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('web-sidecar');
    const made = entries();
    // Named by file, by the V8 flags it ran under (bin/podlab gives one-shot commands one), by size and time.
    expect(commandEntries().map((e) => e.replace(/-\d+-\d+\.bin$/, ''))).toEqual([`podlab${tag()}`, `templates${tag()}`]);
    const before = made.map((e) => statSync(join(cacheDir(), e)).mtimeMs);
    const second = run(['templates']);
    expect(second.stdout).toBe(first.stdout);
    expect(entries()).toEqual(made);
    expect(made.map((e) => statSync(join(cacheDir(), e)).mtimeMs)).toEqual(before);
  });

  it('keeps one cache per set of V8 flags, so commands run under different flags do not reject each other\'s', () => {
    // bin/podlab runs `--version` with --no-concurrent-recompilation; Node started without flags is what serve gets.
    const plain = (): string => spawnSync(process.execPath, [join(dir, 'bin', 'podlab.cjs'), '--version'], { encoding: 'utf8', timeout: 30_000 }).stdout;
    run(['--version']);
    expect(plain()).toBe('podlab 0.1.0\n');
    const both = commandEntries();
    expect(both.map((e) => e.replace(/-\d+-\d+\.bin$/, ''))).toEqual(['podlab', `podlab${tag()}`]);
    const times = both.map((e) => statSync(join(cacheDir(), e)).mtimeMs);
    // Again, alternately: each run finds its own entry accepted, and nothing is rewritten.
    run(['--version']);
    plain();
    expect(commandEntries()).toEqual(both);
    expect(both.map((e) => statSync(join(cacheDir(), e)).mtimeMs)).toEqual(times);
  });

  it('a corrupt cache is rejected by V8 and rewritten; the command still runs', () => {
    run(['--version']);
    const entry = entries().find((e) => e.startsWith(`podlab${tag()}-`))!;
    writeFileSync(join(cacheDir(), entry), Buffer.alloc(2048, 7));
    const r = run(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: 'podlab 0.1.0\n' });
    const rewritten = readFileSync(join(cacheDir(), entry));
    expect(rewritten.equals(Buffer.alloc(2048, 7))).toBe(false);
    expect(rewritten.length).toBeGreaterThan(100);
  });

  it('a rebuilt file gets a new entry and the old one goes', () => {
    run(['--version']);
    writeFileSync(join(cacheDir(), `podlab${tag()}-1-1.bin`), 'from an earlier build');
    // A rebuild changes the file (here: one more line), so its size and time name another entry.
    writeFileSync(join(dir, 'out', 'cli', 'podlab.cjs'), `${readFileSync(join(dir, 'out', 'cli', 'podlab.cjs'), 'utf8')}\n// rebuilt\n`);
    expect(run(['--version']).stdout).toBe('podlab 0.1.0\n');
    const left = commandEntries();
    expect(left).toHaveLength(1);
    expect(left[0]).toBe(`podlab${tag()}-${statSync(join(dir, 'out', 'cli', 'podlab.cjs')).size}-${Math.round(statSync(join(dir, 'out', 'cli', 'podlab.cjs')).mtimeMs)}.bin`);
  });

  it('runs without a cache when it cannot write one', () => {
    writeFileSync(cacheDir(), 'not a folder');
    const r = run(['templates']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('port-conflict');
    expect(r.stderr).toBe('');
  });

  it('says how to build when the CLI is not built', () => {
    rmSync(join(dir, 'out'), { recursive: true });
    const r = run(['--version']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm ci && npm run build');
  });

  it('loads dockerode only when a command uses the Docker client: not for ls of running pods on a local engine', async () => {
    for (const f of ['ls.cjs', 'inspect.cjs', 'dockerode.cjs']) copyFileSync(join(ROOT, 'out', 'cli', f), join(dir, 'out', 'cli', f));
    // bin/podlab starts ls with the native early requests when out/native is beside it.
    symlinkSync(join(ROOT, 'out', 'native'), join(dir, 'out', 'native'));
    const pod = uniqueName('lazy');
    try {
      expect((await podlab(['launch', 'web-sidecar', '--name', pod, '--wait'])).code).toBe(0);
      // Older than the 3 s in which podlab inspects a container instead of describing it from the listing.
      await new Promise((r) => setTimeout(r, 3500));
      const ls = run(['ls', '--json']);
      expect(ls.code, ls.stderr).toBe(0);
      expect((JSON.parse(ls.stdout) as { name: string; phase: string }[]).find((p) => p.name === pod)?.phase).toBe('Running');
      const names = (): string[] => commandEntries().map((e) => e.replace(/~.*$/, ''));
      expect(names()).toEqual(['ls', 'podlab']);
      // inspect asks through the client: dockerode loads (and is cached) then, and answers.
      const inspect = run(['inspect', pod, '--json']);
      expect(inspect.code, inspect.stderr).toBe(0);
      expect(JSON.parse(inspect.stdout)).toMatchObject({ name: pod, phase: 'Running' });
      expect(names()).toEqual(['dockerode', 'inspect', 'ls', 'podlab']);
    } finally {
      cleanupPods([pod]);
    }
  });

  it('the real build runs every command through the loader (help lists them)', () => {
    const help = execFileSync(join(ROOT, 'bin', 'podlab'), ['--help'], { encoding: 'utf8' });
    for (const cmd of readdirSync(join(ROOT, 'electron', 'cli', 'commands')).map((f) => f.replace(/\.ts$/, ''))) {
      expect(help).toContain(`  ${cmd} `);
      expect(existsSync(join(ROOT, 'out', 'cli', `${cmd}.cjs`))).toBe(true);
    }
  });
});
