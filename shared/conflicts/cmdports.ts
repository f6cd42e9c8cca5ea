// Ports a container's command line says it will bind (busybox httpd/nc, udp-listen, python http.server, --port N):
// a hint for victims whose log names no port and who declared none. Pure.
import type { Protocol } from '../model';
import { splitHostPort } from './loglines';

export interface CommandPort {
  port: number;
  protocol: Protocol;
  address: string | null;
}

function valid(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n < 65536;
}

/** Reads ports from argv; shell strings (sh -c '…') are split on whitespace and read the same way. */
export function portsFromCommand(argv: string[]): CommandPort[] {
  const words = argv.flatMap((a) => a.split(/[\s;&|]+/)).filter(Boolean);
  const out: CommandPort[] = [];
  const add = (text: string, protocol: Protocol): void => {
    const hp = /^\d+$/.test(text) ? { address: null, port: Number(text) } : splitHostPort(text);
    if (hp.port != null && valid(hp.port)) out.push({ port: hp.port, protocol, address: hp.address });
  };
  let prog = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const base = w.split('/').pop() ?? w;
    if (['httpd', 'nc', 'udp-listen', 'python', 'python3', 'node', 'nginx', 'socat'].includes(base)) prog = base;
    const next = words[i + 1];
    if (base === 'udp-listen' && next) add(next, 'udp');
    else if ((w === '-p' || w === '--port') && next && prog !== 'udp-listen') add(next, prog === 'nc' && words.some((x) => /^-[a-z]*u[a-z]*$/i.test(x)) ? 'udp' : 'tcp');
    else if (w.startsWith('--port=')) add(w.slice(7), 'tcp');
    else if (w === 'http.server' && next && /^\d+$/.test(next)) add(next, 'tcp');
  }
  return out.filter((p, i) => out.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i);
}
