// A private dockerd for benchmarks that must not load or empty the shared engine (tests/integration/private-daemon.ts,
// bundled into a temp dir because it is TypeScript), and launching many pods into it. Not a benchmark itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Bundles one of the tests' TypeScript helpers into a temp dir and imports it (CommonJS dependencies get a require). */
async function importHelper(prefix, name) {
  const dir = mkdtempSync(join(tmpdir(), `podlab-${prefix}-`));
  const out = join(dir, `${name}.mjs`);
  const banner = { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" };
  await build({ entryPoints: [`tests/integration/${name}.ts`], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error', banner });
  return { dir, mod: await import(out) };
}

/** Wraps a private engine's cleanup so that the bundle's temp dir goes too. */
function withDir(engine, dir) {
  return {
    ...engine,
    dir,
    cleanup: async () => {
      await engine.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a private dockerd holding the offline images; `cleanup()` removes it and the temp files. */
export async function startBenchDaemon(prefix) {
  const { dir, mod } = await importHelper(prefix, 'private-daemon');
  return withDir(await mod.startPrivateDaemon({ prefix, images: [process.env.PODLAB_PAUSE_IMAGE, process.env.PODLAB_DEMO_IMAGE] }), dir);
}

/**
 * Starts the tests' private containerd (own socket, root and state, CNI bridge, the offline images; its CRI client as
 * `cri`); `cleanup()` removes its sandboxes, what containerd left outside its root, and the temp files.
 */
export async function startBenchContainerd(prefix) {
  const { dir, mod } = await importHelper(prefix, 'private-containerd');
  try {
    return withDir(await mod.startPrivateContainerd({ prefix }), dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Launches the named pods from `manifestOf(name)` with bin/podlab, `parallel` at a time. */
export async function launchPods(names, manifestOf, env, dir, parallel = 4) {
  const one = (name) =>
    new Promise((resolve, reject) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, manifestOf(name));
      const p = spawn('bin/podlab', ['launch', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`launch ${name} exited ${code}: ${err}`))));
    });
  for (let i = 0; i < names.length; i += parallel) await Promise.all(names.slice(i, i + parallel).map(one));
}
