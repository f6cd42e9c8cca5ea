// podlab exec <pod> [-c C] [-i] [-t] -- CMD...: kubectl exec into a podlab pod's container; the command's exit code
// becomes podlab's (2 unknown pod/container, 1 not running).
import { UsageError } from '../command';
import { attachTerminal } from '../attach';
import { lastValue, parseFlags } from '../flags';
import { handsErrors } from '../hands-errors';
import type { PodlabConfig } from '../../engine/config';
import { connectForHands, execIn } from '../../engine/exec-api';

const USAGE = 'usage: podlab exec <pod> [-c <container>] [-i] [-t] -- CMD [ARG...]';

export function run(args: string[], config?: PodlabConfig): Promise<number> {
  return handsErrors('exec', async () => {
    const p = parseFlags(args, { bool: ['stdin', 'tty'], value: ['container'], short: { c: 'container', i: 'stdin', t: 'tty' } });
    if (p.positional.length !== 1 || p.rest.length === 0) throw new UsageError(`${p.rest.length === 0 ? 'give the command after --' : 'give exactly one pod'}\n${USAGE}`);
    const conn = await connectForHands(process.env, config);
    const tty = p.bool.has('tty');
    const size = tty && process.stdout.isTTY ? { cols: process.stdout.columns, rows: process.stdout.rows } : undefined;
    const { target, choices, session } = await execIn(conn, p.positional[0]!, lastValue(p, 'container'), p.rest, { tty, stdin: p.bool.has('stdin'), size });
    if (target.defaulted) process.stderr.write(`Defaulted container "${target.name}" out of: ${choices.join(', ')}\n`);
    if (tty && !process.stdout.isTTY) process.stderr.write('Unable to use a TTY - output is not a terminal; the command still gets one\n');
    return attachTerminal(session);
  });
}
