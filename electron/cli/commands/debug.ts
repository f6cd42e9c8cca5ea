// podlab debug <pod> [--image I] [--target C] [-i] [-t] [-- CMD...]: an ephemeral container (kubectl debug); its exit
// code becomes podlab's, as with exec.
import { UsageError } from '../command';
import { attachTerminal } from '../attach';
import { lastValue, parseFlags } from '../flags';
import { handsErrors } from '../hands-errors';
import { connectForHands, startDebug } from '../../engine/hands-api';

const USAGE = 'usage: podlab debug <pod> [--image IMG] [--target <container>] [-i] [-t] [-- CMD [ARG...]]';

export function run(args: string[]): Promise<number> {
  return handsErrors('debug', async () => {
    const p = parseFlags(args, { bool: ['stdin', 'tty'], value: ['image', 'target'], short: { i: 'stdin', t: 'tty' } });
    if (p.positional.length !== 1) throw new UsageError(`give exactly one pod\n${USAGE}`);
    const conn = await connectForHands();
    const tty = p.bool.has('tty');
    const { container, session } = await startDebug(conn, p.positional[0]!, {
      image: lastValue(p, 'image'),
      target: lastValue(p, 'target'),
      cmd: p.rest.length ? p.rest : undefined,
      stdin: p.bool.has('stdin'),
      tty,
    });
    const on = container.target ? `, sharing the processes of ${container.target}` : '';
    process.stderr.write(`Defaulting debug container name to ${container.name} (image ${container.image}${on}).\n`);
    if (tty && session.stdin && process.stdout.isTTY) process.stderr.write("If you don't see a command prompt, try pressing enter.\n");
    return attachTerminal(session);
  });
}
