// Bundles the CLI (electron/cli/main.ts) into one file so `bin/podlab` starts fast; heavy modules stay lazy imports.
import { build } from 'esbuild';

await build({
  entryPoints: { podlab: 'electron/cli/main.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  external: ['dockerode', '@resvg/resvg-js', 'ws', 'cpu-features', 'ssh2'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
