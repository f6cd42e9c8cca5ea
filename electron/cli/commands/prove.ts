// podlab prove <pod> [--json]: one IP (every running container's eth0 address, MAC and netns side by side) and
// reach over localhost (who reaches whom on each port of the pod's socket table).
import type { ProveResult, ReachResult } from '../../../shared/hands/prove';
import { UsageError } from '../command';
import { parseFlags } from '../flags';
import { handsErrors } from '../hands-errors';
import { connectForHands, provePod } from '../../engine/hands-api';

const MARK: Record<ReachResult, string> = { reached: 'reached', refused: 'refused', timeout: 'timeout', failed: 'failed', 'no-tool': 'no nc' };

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export function proveText(r: ProveResult): string {
  let out = `One IP — every container of pod ${r.pod}, read from inside it:\n`;
  out += table([
    ['CONTAINER', 'NETNS', 'ETH0', 'MAC', 'HOST /proc VIEW'],
    ...r.identities.map((i) => [
      i.role === 'ephemeral' ? `${i.container} (ephemeral)` : i.container,
      i.netns ?? '?',
      i.addresses.join(',') || '?',
      i.mac ?? '?',
      i.hostView ?? '-',
    ]),
  ]);
  const lacking = r.identities.filter((i) => i.error || i.missing.length);
  for (const i of lacking) out += `  ${i.container}: ${i.error ?? `the image lacks ${i.missing.join(', ')}`}\n`;
  out += r.oneIp ? '=> one network namespace, one IP, one MAC: the containers share the pod\'s network.\n' : '=> the containers do NOT all share one network identity (see the table).\n';
  if (r.skipped.length) out += `Not running, not asked: ${r.skipped.map((s) => `${s.container} (${s.state})`).join(', ')}\n`;
  out += `\nReach over localhost — from each container to 127.0.0.1:<port> (TCP connect, ${2} s timeout):\n`;
  if (r.ports.length === 0) out += '  (no TCP port in the pod\'s socket table or manifest)\n';
  else {
    const header = ['FROM \\ TO', ...r.ports.map((p) => `${p.port}${p.holder ? ` (${p.holder})` : ' (nobody)'}`)];
    const froms = [...new Set(r.reach.map((c) => c.from))];
    out += table([header, ...froms.map((f) => [f, ...r.ports.map((p) => MARK[r.reach.find((c) => c.from === f && c.port === p.port)?.result ?? 'failed'])])]);
  }
  if (r.debugHint) out += `\nSome image lacks the tools for this proof; a busybox debug container in the same pod has them: ${r.debugHint}\n`;
  return out;
}

export function run(args: string[]): Promise<number> {
  return handsErrors('prove', async () => {
    const p = parseFlags(args, { bool: ['json'] });
    if (p.positional.length !== 1) throw new UsageError('usage: podlab prove <pod> [--json]');
    const conn = await connectForHands();
    const r = await provePod(conn, p.positional[0]!);
    process.stdout.write(p.bool.has('json') ? JSON.stringify(r, null, 2) + '\n' : proveText(r));
    return 0;
  });
}
