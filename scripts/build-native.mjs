// Builds podlab's native socket reader (electron/engine/probe/native/sockdiag.c) into out/native/podlab-sockdiag,
// when a C compiler exists. It is an optimisation only: without it the probe reads /proc (probe/sockdiag.ts says why).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const out = 'out/native/podlab-sockdiag';
rmSync('out/native', { recursive: true, force: true });
if (process.platform === 'linux') {
  mkdirSync('out/native', { recursive: true });
  const cc = process.env.CC || 'cc';
  const r = spawnSync(cc, ['-O2', '-Wall', '-o', out, 'electron/engine/probe/native/sockdiag.c'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    rmSync(out, { force: true });
    console.warn(`build: ${cc} could not build ${out}; podlab reads listening sockets from /proc instead (slower with many pods; install gcc to build it)`);
  }
}
