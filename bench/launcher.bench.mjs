// Start-up of bin/podlab, the sh launcher, against the Node launcher it replaced (`node bin/podlab.cjs`, run as the old
// `#!/usr/bin/env node` bin/podlab ran: with the caller's environment, NODE_EXTRA_CA_CERTS included): `ls --json` and
// `--version`, alternating in the same run, medians and spread. The gain is NODE_EXTRA_CA_CERTS left out for a local
// engine; where the variable is not set, both should be equal. Needs `npm run build` and a running engine.
import { spawnSync } from 'node:child_process';

const N = Math.max(15, Number(process.env.BENCH_N ?? 20));
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const spread = (xs) => `median ${pct(xs, 50).toFixed(1)} ms (q1-q3 ${pct(xs, 25).toFixed(1)}-${pct(xs, 75).toFixed(1)}, min-max ${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`;
const timed = (cmd, args) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms(t);
};

console.log(`NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? `is set (${process.env.NODE_EXTRA_CA_CERTS})` : 'is not set: expect no difference'}`);
for (const args of [['ls', '--json'], ['--version']]) {
  const before = [];
  const after = [];
  for (let i = 0; i < N + 2; i++) {
    const b = timed(process.execPath, ['bin/podlab.cjs', ...args]);
    const a = timed('bin/podlab', args);
    // The first two warm the page cache and the V8 code cache.
    if (i < 2) continue;
    before.push(b);
    after.push(a);
  }
  const pairs = after.map((x, i) => x / before[i]);
  console.log(`podlab ${args.join(' ')} over ${N} alternating runs: before (node bin/podlab.cjs) ${spread(before)}; after (bin/podlab) ${spread(after)}`);
  console.log(`podlab ${args.join(' ')}: after/before ${(pct(after, 50) / pct(before, 50)).toFixed(2)}x (per-run ratios q1-q3 ${pct(pairs, 25).toFixed(2)}-${pct(pairs, 75).toFixed(2)}), ${(pct(before, 50) - pct(after, 50)).toFixed(1)} ms saved at the median`);
}
