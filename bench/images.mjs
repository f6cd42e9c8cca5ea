// The offline images every benchmark needs: without PODLAB_PAUSE_IMAGE / PODLAB_DEMO_IMAGE, builds (or reuses) them
// with scripts/build-images.sh and sets both variables, as the tests do. Not a benchmark itself (no .bench.mjs).
import { execFileSync } from 'node:child_process';

export function ensureImages() {
  if (process.env.PODLAB_PAUSE_IMAGE && process.env.PODLAB_DEMO_IMAGE) return;
  for (const line of execFileSync('bash', ['scripts/build-images.sh'], { encoding: 'utf8' }).trim().split('\n')) {
    const [k, v] = line.split('=');
    if (k.startsWith('PODLAB_') && v && !process.env[k]) process.env[k] = v;
  }
}
