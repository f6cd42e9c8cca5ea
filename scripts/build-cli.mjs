// Bundles the CLI so `bin/podlab` starts fast: out/cli/podlab.cjs (the command table, tiny) and one self-contained
// file per command (out/cli/<command>.cjs), loaded only when that command runs. One file per command, not shared
// chunks: on Node 20, evaluating twenty small ES modules costs ~15 ms more than one file with the same code, which
// `podlab launch` would pay before its first engine request. CommonJS, so that bin/podlab can compile each file
// with a V8 code cache (Node 20 has none for ES modules).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const realDebug = createRequire(import.meta.url).resolve('debug', { paths: ['node_modules/docker-modem'] });

// Start from an empty folder: nothing stale from an earlier layout is left to load.
rmSync('out/cli', { recursive: true, force: true });

// dockerode is bundled, but what podlab never calls costs start-up time: its SSH transport (ssh2), BuildKit session
// (gRPC, protobufjs) and build-context packing (tar-fs, dockerignore). They resolve to a stub that throws if
// anything ever calls them.
const unused = {
  name: 'unused-modules',
  setup(b) {
    // docker-modem takes Duplex from readable-stream, a copy of Node's own streams: use Node's.
    b.onResolve({ filter: /^readable-stream$/ }, () => ({ path: 'node:stream', external: true }));
    // Builtins that only some commands use load on first use, through a small file beside the bundles
    // (lazyBuiltinFiles): a file, not an inlined module, because esbuild copies an inlined module's keys (loading it)
    // for a named import. At start-up docker-modem loads https (TLS: ~4 ms), for tcp+TLS engines only, and http, which
    // `ls` and `snapshot` may never use (bin/podlab's launcher asked the engine before Node started), and dockerode
    // loads crypto (~2 ms) and zlib (~1 ms) for BuildKit sessions and build contexts, which podlab never uses; podlab's
    // own modules import crypto (a docker context's hash), zlib (a gzipped manifest label), worker_threads (serve's
    // threads), dgram (CRI hostPorts), http and child_process (the command table's early engine requests and /proc dump,
    // for two commands only):
    // ~6 ms of every start otherwise.
    b.onResolve({ filter: /^(https?|crypto|zlib)$/ }, (args) =>
      /node_modules\/(docker-modem|dockerode)\//.test(args.importer) ? { path: lazyFile(args.path), external: true } : undefined,
    );
    b.onResolve({ filter: new RegExp(`^node:(${LAZY_OWN.join('|')})$`) }, (args) => ({ path: lazyFile(args.path.slice(5)), external: true }));
    // docker-modem's debug logging (DEBUG=modem) sets up colours on stderr at start-up (~3 ms): the real module loads
    // only when DEBUG is set.
    b.onResolve({ filter: /^debug$/ }, (args) => (/node_modules\/docker-modem\//.test(args.importer) ? { path: 'debug', namespace: 'debug-when-asked' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'debug-when-asked' }, () => ({
      contents: `const off = () => Object.assign(() => {}, { enabled: false });
module.exports = process.env.DEBUG ? require(${JSON.stringify(realDebug)}) : Object.assign(off, { enabled: () => false });`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
    // docker-modem formats every request for that debug log (util.inspect with showHidden, depth: null) before it
    // knows whether anyone logs it: ~1-2 ms on the first request of a command. Its util formats only when DEBUG is set.
    b.onResolve({ filter: /^util$/ }, (args) => (/node_modules\/docker-modem\/lib\/modem\.js$/.test(args.importer) ? { path: 'util', namespace: 'util-when-asked' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'util-when-asked' }, () => ({
      contents: `const util = require('node:util');
module.exports = process.env.DEBUG ? util : { ...util, inspect: () => '' };`,
      loader: 'js',
    }));
    // dockerode and docker-modem (~150 KB) are their own file, out/cli/dockerode.cjs, loaded when podlab first makes a
    // Docker client (lazy-dockerode.cjs): `ls` and `snapshot` on a local engine usually never do (bin/podlab's launcher
    // asked the engine before Node started). Measured here at 30 pods: loading ls.cjs 28-33 -> 24-26 ms, `ls --json`
    // 213 -> 207 ms (medians of 25 interleaved runs).
    b.onResolve({ filter: /^dockerode$/ }, (args) => (/\/(electron|shared)\//.test(args.importer) ? { path: './lazy-dockerode.cjs', external: true } : undefined));
    // podlab's own CRI backend does use gRPC: loaded from node_modules at run time, only when a CRI runtime is selected.
    b.onResolve({ filter: /^@grpc\/(grpc-js|proto-loader)$/ }, (args) => (/node_modules\//.test(args.importer) ? undefined : { path: args.path, external: true }));
    b.onResolve({ filter: /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs|tar-fs|@balena\/dockerignore)$/ }, (args) => ({ path: args.path, namespace: 'unused' }));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not available in the podlab CLI`)}); };
module.exports = new Proxy({}, { get: (_t, key) => (key === '__esModule' ? false : fail) });`,
      loader: 'js',
    }));
  },
};

/** Builtins that podlab's own modules load on first use in the CLI (see the unused-modules plugin). */
const LAZY_OWN = ['https', 'crypto', 'zlib', 'worker_threads', 'dgram', 'http', 'child_process'];
const lazyFile = (name) => `./lazy-${name.replace('_', '-')}.cjs`;

/** Writes out/cli/lazy-<builtin>.cjs: the builtin's exports, the real module loaded on the first property read. */
function lazyBuiltinFiles() {
  for (const name of LAZY_OWN) {
    writeFileSync(
      join('out/cli', lazyFile(name)),
      `'use strict';
// node:${name} for podlab's CLI bundles, loaded on first use (scripts/build-cli.mjs says why).
let real;
const mod = () => (real ??= require('node:${name}'));
module.exports = new Proxy({}, {
  get: (_t, key) => mod()[key],
  has: (_t, key) => key in mod(),
  ownKeys: () => Reflect.ownKeys(mod()),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Reflect.getOwnPropertyDescriptor(mod(), key);
    return d && { ...d, configurable: true };
  },
});
`,
    );
  }
}

/** Writes out/cli/lazy-dockerode.cjs: dockerode's class; the real one (out/cli/dockerode.cjs) loads on a client's first use. */
function lazyDockerodeFile() {
  writeFileSync(
    join('out/cli', 'lazy-dockerode.cjs'),
    `'use strict';
// dockerode for podlab's CLI bundles, loaded when a client is first used (scripts/build-cli.mjs says why). \`new Docker()\`
// gives a stand-in that makes the real client, with the same options, on its first property read or write.
let real;
const mod = () => (real ??= require('./dockerode.cjs'));
function lazyClient(args) {
  let client;
  const c = () => (client ??= Reflect.construct(mod(), args));
  return new Proxy({}, {
    get: (_t, key) => Reflect.get(c(), key, c()),
    set: (_t, key, value) => Reflect.set(c(), key, value),
    has: (_t, key) => key in c(),
    ownKeys: () => Reflect.ownKeys(c()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(c(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(c()),
  });
}
// Reading the class's own keys (esbuild's interop does) loads nothing.
module.exports = new Proxy(function Docker() {}, {
  construct: (_t, args) => lazyClient(args),
  get: (t, key) => (key in t ? t[key] : mod()[key]),
});
`,
  );
}

// podlab.cjs loads `./commands/<name>` as the separately built `./<name>.cjs` (through bin/podlab's loader).
const commandFiles = {
  name: 'command-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) => ({ path: `./${args.path.slice('./commands/'.length)}.cjs`, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: 'out/cli',
  outExtension: { '.js': '.cjs' },
  sourcemap: true,
  external: ['@resvg/resvg-js', 'ws', 'cpu-features'],
  // import() becomes require(): bin/podlab runs these files as scripts, where import() has no loader to call.
  supported: { 'dynamic-import': false },
  // Smaller files read and decode faster (launch: 600 -> 390 KB, ~1.5 ms); names stay, so errors read as before.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__podlabFileUrl' },
  banner: { js: "var __podlabFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
};

const commands = Object.fromEntries(
  readdirSync('electron/cli/commands')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f.slice(0, -3), `electron/cli/commands/${f}`]),
);
await Promise.all([
  build({ ...common, entryPoints: commands, splitting: false, plugins: [unused] }),
  // dockerode itself, with the same stubs and lazy builtins, for lazy-dockerode.cjs.
  build({ ...common, entryPoints: { dockerode: 'scripts/cli-dockerode.cjs' }, plugins: [unused] }),
  // The command table asks the engine early for some commands (runtime/docker/early.ts): its builtins load lazily too.
  build({ ...common, entryPoints: { podlab: 'electron/cli/main.ts' }, plugins: [commandFiles, unused] }),
  // The manifest parser's worker thread (serve), found beside the command files by electron/engine/validate/pool.ts.
  build({ ...common, entryPoints: { 'validate-worker': 'electron/engine/validate/worker-main.ts' } }),
  // The live model's probe thread (serve, watch), found beside the command files by electron/engine/probe/thread.ts.
  build({ ...common, entryPoints: { 'probe-worker': 'electron/engine/probe/worker-main.ts' } }),
]);
lazyBuiltinFiles();
lazyDockerodeFile();
// The probe's native socket reader (optional; the probe falls back to /proc without it).
await import('./build-native.mjs');
