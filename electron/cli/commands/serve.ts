// podlab serve [--host H] [--port P]: serves the desktop UI to a browser, token-protected, loopback by default.
import { EXIT_INVALID, UsageError } from '../command';
import { lastValue, parseFlags } from '../flags';
import { isLoopback } from '../../serve/auth';
import { startServer } from '../../serve/server';

const USAGE = 'Usage: podlab serve [--host H] [--port P] [--allow-exec]';

export async function run(args: string[]): Promise<number> {
  let host = '127.0.0.1';
  let port = 0;
  let allowExec: boolean;
  try {
    const p = parseFlags(args, { bool: ['help', 'allow-exec'], value: ['host', 'port'], short: { h: 'help' } });
    allowExec = p.bool.has('allow-exec');
    if (p.bool.has('help')) {
      process.stdout.write(`${USAGE}\nServes the podlab UI to a browser; prints its URL with a per-start token. --host other than loopback lets\nothers on the network in (with the token).\n`);
      return 0;
    }
    if (p.positional.length || p.rest.length) throw new UsageError(`unknown argument "${[...p.positional, ...p.rest][0]}". ${USAGE}`);
    host = lastValue(p, 'host') ?? host;
    const portText = lastValue(p, 'port');
    if (portText !== undefined) {
      port = Number(portText);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port needs a number 0..65535 (0 = any free port)');
    }
  } catch (err) {
    process.stderr.write(`podlab serve: ${(err as Error).message}\n`);
    return EXIT_INVALID;
  }
  if (!isLoopback(host)) {
    process.stderr.write(
      `WARNING: serving on ${host}: anyone who can reach this address and has the URL with its token can launch and remove pods ` +
        'on your Docker engine. Traffic is plain HTTP. Use only on a network you trust (classroom, VPN).\n',
    );
    process.stderr.write(
      allowExec
        ? 'WARNING: --allow-exec: terminals, exec and debug containers are ON — a shell in your containers for anyone with the URL.\n'
        : 'Terminals, exec and debug containers are OFF on this address; start with --allow-exec to turn them on (a shell in your containers for anyone with the URL).\n',
    );
  }
  const server = await startServer({ host, port, allowExec });
  process.stdout.write(`podlab UI: ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
