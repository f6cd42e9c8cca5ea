// podlab exec <pod> [-c C] [-i] [-t] -- CMD...: kubectl exec into a podlab pod's container; the command's exit code
// becomes podlab's (2 unknown pod/container, 1 not running).
import { UsageError } from '../command';
import { attachTerminal } from '../attach';
import { lastValue, parseFlags } from '../flags';
import { handsErrors } from '../hands-errors';
import { expandShortFlags } from '../short-flags';
import { connectEngine } from '../../engine/docker';
import { ensureRunning } from '../../engine/hands/running';
import { choicesOf, findTarget, handsOf } from '../../engine/hands/target';

const USAGE = 'usage: podlab exec <pod> [-c <container>] [-i] [-t] -- CMD [ARG...]';

export function run(args: string[]): Promise<number> {
  return handsErrors('exec', async () => {
    const p = parseFlags(expandShortFlags(args, 'cit'), { bool: ['stdin', 'tty'], value: ['container'] });
    if (p.positional.length !== 1 || p.rest.length === 0) throw new UsageError(`${p.rest.length === 0 ? 'give the command after --' : 'give exactly one pod'}\n${USAGE}`);
    const conn = await connectEngine(process.env, { ping: false });
    const t = await findTarget(conn, p.positional[0]!, lastValue(p, 'container'));
    if (t.defaulted) process.stderr.write(`Defaulted container "${t.name}" out of: ${choicesOf(t.pods).join(', ')}\n`);
    await ensureRunning(conn, t);
    const tty = p.bool.has('tty');
    if (tty && !process.stdout.isTTY) process.stderr.write('Unable to use a TTY - output is not a terminal; the command still gets one\n');
    const session = await handsOf(conn).exec(t.container.id, p.rest, {
      tty,
      stdin: p.bool.has('stdin'),
      size: tty && process.stdout.isTTY ? { cols: process.stdout.columns, rows: process.stdout.rows } : undefined,
    });
    return attachTerminal(session);
  });
}
