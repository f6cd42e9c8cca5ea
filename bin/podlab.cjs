// podlab's command line under Node, started by the bin/podlab launcher: runs the bundled CLI built by `npm run build`
// (out/cli/podlab.cjs, and the one file of the command asked for). Each file is compiled with a V8 code cache kept in
// out/cli/.v8-cache/ (made on the first run after a build): compiling the launch command's 600 KB (YAML parser, Docker client) is ~12 ms of every start-up
// otherwise, and Node 20 caches no code for ES modules. Without a writable out/cli/, it simply runs uncached.
// CommonJS (.cjs): Node reaches a CommonJS entry ~5 ms sooner than an ES module one.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const dir = join(__dirname, '..', 'out', 'cli');
const cacheDir = join(dir, '.v8-cache');
const toCache = [];
// V8 rejects a cache made under other V8 flags (bin/podlab runs some commands with --no-concurrent-recompilation): each
// set of flags keeps its own entries, or commands run alternately would each reject and rewrite the other's.
const flags = process.execArgv.length ? `~${fnv1a(process.execArgv.join(' '))}` : '';

/** A short stable name for a text (FNV-1a, 32 bits, hex). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Runs out/cli/<name>.cjs as CommonJS and returns its exports; its `require('./x.cjs')` comes back here. */
function load(name) {
  const file = join(dir, `${name}.cjs`);
  const { size, mtimeMs } = statSync(file);
  // V8 checks a cache against the source's length only: the file's size and time name the cache entry.
  const cacheFile = join(cacheDir, `${name}${flags}-${size}-${Math.round(mtimeMs)}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) toCache.push({ script, name, cacheFile });
  const nodeRequire = Module.createRequire(file);
  const require = (id) => (/^\.\/[a-z-]+\.cjs$/.test(id) ? load(id.slice(2, -4)) : nodeRequire(id));
  Object.assign(require, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: undefined });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

// Written when the process ends, so the cache holds the code this run really compiled (lazily compiled functions too).
process.once('exit', () => {
  for (const { script, name, cacheFile } of toCache) {
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      // Entries of earlier builds of this file go.
      for (const old of readdirSync(cacheDir)) if (old.startsWith(`${name}${flags}-`) && old.endsWith('.bin')) rmSync(join(cacheDir, old), { force: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cacheFile);
    } catch {
      // Read-only install or a full disk: podlab still runs, only without the cache.
    }
  }
});

try {
  load('podlab');
} catch (err) {
  if (err.code !== 'ENOENT' || err.path !== join(dir, 'podlab.cjs')) throw err;
  process.stderr.write('podlab: the CLI is not built yet. Run: npm ci && npm run build\n');
  process.exit(1);
}
