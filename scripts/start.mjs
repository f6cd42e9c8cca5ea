// `npm start`: opens the desktop app (electron-vite preview) when the Electron binary is installed; where it is
// missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD), says how to get it and offers `bin/podlab serve` instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) {
  process.stderr.write(
    [
      'podlab: the Electron binary is not installed (npm was run with ELECTRON_SKIP_BINARY_DOWNLOAD).',
      '',
      'To get the desktop app, reinstall Electron with its binary:',
      '    unset ELECTRON_SKIP_BINARY_DOWNLOAD && npm rebuild electron   (or: rm -rf node_modules/electron && npm i)',
      '',
      'Meanwhile the same UI runs in your browser:',
      '    npm run build && bin/podlab serve',
      '  then open the printed http://127.0.0.1:…/?token=… URL.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
const built = existsSync('out/main/index.js') && existsSync('out/renderer/index.html');
const args = built ? [bin, ['.']] : [process.execPath, [join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js'), 'preview']];
const child = spawn(args[0], args[1], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
