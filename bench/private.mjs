// A private dockerd for benchmarks that must not load or empty the shared engine (tests/integration/private-daemon.ts,
// bundled into a temp dir because it is TypeScript), and launching many pods into it. Not a benchmark itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Starts a private dockerd holding the offline images; `cleanup()` removes it and the temp files. */
export async function startBenchDaemon(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `podlab-${prefix}-`));
  const out = join(dir, 'private-daemon.mjs');
  await build({ entryPoints: ['tests/integration/private-daemon.ts'], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
  const { startPrivateDaemon } = await import(out);
  const pd = await startPrivateDaemon({ prefix, images: [process.env.PODLAB_PAUSE_IMAGE, process.env.PODLAB_DEMO_IMAGE] });
  return {
    ...pd,
    dir,
    cleanup: async () => {
      await pd.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches the named pods from `manifestOf(name)` with bin/podlab, `parallel` at a time. */
export async function launchPods(names, manifestOf, env, dir, parallel = 4) {
  const one = (name) =>
    new Promise((resolve, reject) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, manifestOf(name));
      const p = spawn(process.execPath, ['bin/podlab', 'launch', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`launch ${name} exited ${code}: ${err}`))));
    });
  for (let i = 0; i < names.length; i += parallel) await Promise.all(names.slice(i, i + parallel).map(one));
}
