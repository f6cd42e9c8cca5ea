// Integration tests need a running engine and the offline images; scripts/test.sh provides both.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
  } catch {
    throw new Error('No Docker engine answers: run `bash scripts/ensure-engine.sh` (or the README test command) first.');
  }
  if (!process.env.PODLAB_PAUSE_IMAGE || !process.env.PODLAB_DEMO_IMAGE) {
    const out = execFileSync('bash', ['scripts/build-images.sh'], { encoding: 'utf8' });
    for (const line of out.trim().split('\n')) {
      const [k, v] = line.split('=');
      if (k && v) process.env[k] = v;
    }
  }
}
