// Builds podlab's native helpers into out/native/, when a C compiler exists. Both are optimisations only:
// - podlab-sockdiag (electron/engine/probe/native/sockdiag.c, procdump.c, early.c): without it the probe reads /proc (probe/sockdiag.ts
//   and probe/procdump.ts say why);
// - podlab-exec (electron/cli/native/exec.c): `podlab exec` without Node's start-up; without it bin/podlab runs exec in Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const helpers = [
  { out: 'out/native/podlab-sockdiag', src: ['electron/engine/probe/native/sockdiag.c', 'electron/engine/probe/native/procdump.c', 'electron/engine/probe/native/early.c'], without: 'podlab reads listening sockets from /proc instead (slower with many pods)' },
  { out: 'out/native/podlab-exec', src: ['electron/cli/native/exec.c'], without: 'podlab exec runs in Node instead (slower to start)' },
];

rmSync('out/native', { recursive: true, force: true });
if (process.platform === 'linux') {
  mkdirSync('out/native', { recursive: true });
  const cc = process.env.CC || 'cc';
  for (const { out, src, without } of helpers) {
    const r = spawnSync(cc, ['-O2', '-Wall', '-pthread', '-o', out, ...src], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      rmSync(out, { force: true });
      console.warn(`build: ${cc} could not build ${out}; ${without}; install gcc to build it`);
    }
  }
}
