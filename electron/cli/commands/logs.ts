// podlab logs <pod> [-c C] [-f] [--previous] [--tail N] [--timestamps]: kubectl logs for a podlab pod's container.
import { UsageError } from '../command';
import { lastValue, parseFlags } from '../flags';
import { handsErrors } from '../hands-errors';
import { bothEnded, choicesOf, connectForHands, openLogs } from '../../engine/hands-api';

const USAGE = 'usage: podlab logs <pod> [-c <container>] [-f] [--previous] [--tail N] [--timestamps]';

export function run(args: string[]): Promise<number> {
  return handsErrors('logs', async () => {
    const p = parseFlags(args, { bool: ['follow', 'previous', 'timestamps'], value: ['container', 'tail'], short: { c: 'container', f: 'follow', p: 'previous' } });
    if (p.positional.length !== 1) throw new UsageError(`give exactly one pod\n${USAGE}`);
    const tailText = lastValue(p, 'tail');
    const tail = tailText === undefined || tailText === '-1' ? undefined : Number(tailText);
    if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new UsageError(`--tail needs a whole number of lines (or -1 for all), not "${tailText}"`);
    const conn = await connectForHands();
    const src = await openLogs(conn, p.positional[0]!, lastValue(p, 'container'), {
      previous: p.bool.has('previous'),
      follow: p.bool.has('follow'),
      timestamps: p.bool.has('timestamps'),
      tail,
    });
    if (src.target.defaulted) process.stderr.write(`Defaulted container "${src.target.name}" out of: ${choicesOf(src.target.pods).join(', ')}\n`);
    process.once('SIGINT', () => src.stop());
    src.stdout.pipe(process.stdout, { end: false });
    src.stderr.pipe(process.stderr, { end: false });
    await bothEnded(src.stdout, src.stderr);
    return 0;
  });
}
