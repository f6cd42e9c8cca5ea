// Bundles the CLI (electron/cli/main.ts) into one file so `bin/podlab` starts fast; heavy modules stay lazy imports.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start from an empty folder so stale chunks do not pile up.
rmSync('out/cli', { recursive: true, force: true });

// dockerode is bundled, but its SSH transport (ssh2) and BuildKit session (gRPC) are never used by podlab and cost
// ~70 ms of start-up: they resolve to a stub that throws if anything ever calls them.
const unusedTransports = {
  name: 'unused-transports',
  setup(b) {
    b.onResolve({ filter: /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader)$/ }, (args) => ({ path: args.path, namespace: 'unused' }));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not available in the podlab CLI`)}); };
module.exports = new Proxy({}, { get: (_t, key) => (key === '__esModule' ? false : fail) });`,
      loader: 'js',
    }));
  },
};

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
  external: ['@resvg/resvg-js', 'ws', 'cpu-features'],
  plugins: [unusedTransports],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
