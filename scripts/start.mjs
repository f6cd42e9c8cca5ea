// `npm start`: opens the desktop app. npm does not run Electron's install script (package.json allowScripts), so the
// binary is fetched here on first start; where that is impossible (offline, ELECTRON_SKIP_BINARY_DOWNLOAD), the same
// UI starts in the browser through `podlab serve` instead of failing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function electronBinary() {
  const dir = electronDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/** Runs Electron's own installer once (it downloads the binary for this platform). */
function installElectron() {
  const dir = electronDir();
  if (!dir || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  process.stderr.write('podlab: fetching the Electron binary (first start only)…\n');
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], cwd: dir, timeout: 10 * 60_000, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`podlab: ${(r.stderr || r.error?.message || 'the Electron installer failed').trim().split('\n')[0]}\n`);
  return r.status === 0;
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const built = existsSync('out/main/index.js') && existsSync('out/renderer/index.html') && existsSync('out/cli/podlab.cjs');
if (!built) {
  process.stderr.write('podlab: not built yet — run: npm run build\n');
  process.exit(1);
}

const bin = electronBinary() ?? (installElectron() ? electronBinary() : null);
if (bin) {
  run(bin, ['.']);
} else {
  process.stderr.write(
    [
      'podlab: the Electron binary is not installed and could not be fetched' +
        (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD is set).' : ' (no network?).'),
      'To get the desktop app later: node node_modules/electron/install.js (with network access), then npm start.',
      '',
      'Starting the same UI in your browser instead (podlab serve) — open the URL printed below:',
      '',
    ].join('\n'),
  );
  run('bin/podlab', ['serve']);
}
