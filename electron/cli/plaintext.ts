// Human-readable text of plain containers (outside any pod) for `ls`, `inspect` and `launch --plain`.
import type { PlainLaunchResult } from '../../shared/api';
import type { PlainContainer } from '../../shared/model';

function listeningText(c: PlainContainer): string {
  const ports = [...new Set(c.listening.map((l) => `${l.port}/${l.protocol.startsWith('udp') ? 'udp' : 'tcp'}`))];
  return ports.length ? ports.join(',') : '-';
}

/** Where a container outside a pod is attached: its bridge, or Docker's network mode when it is not on one. */
export function attachment(c: PlainContainer): string {
  return c.bridge ?? (c.network === 'host' ? 'host network' : c.network === 'none' ? 'no network' : c.network);
}

/** The `ls` table of plain containers: podlab's groups first, then others' (read-only). */
export function plainTable(plain: PlainContainer[]): string {
  const rows = [['CONTAINER', 'GROUP', 'STATE', 'IP', 'NETNS', 'VETH', 'ON', 'LISTENING']];
  const sorted = [...plain].sort((a, b) => Number(a.group === null) - Number(b.group === null) || a.name.localeCompare(b.name));
  for (const c of sorted) {
    rows.push([c.name, c.group ?? '(not podlab\'s)', c.state, c.ip ?? '-', c.namespaces.net ?? '-', c.hostVeth ?? '-', attachment(c), listeningText(c)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

/** `inspect <group>`: each container of a plain group with its own netns, veth, IP and sockets. */
export function plainGroupText(group: string, members: PlainContainer[], lesson: string): string {
  const out = [`Plain group: ${group}  (launch --plain: one docker run per container, no pause container)`];
  if (members[0]?.twin) out.push(`Twin pod:    ${members[0].twin} (the same manifest as a pod, for contrast: podlab export ${group} > pod.yaml; podlab launch pod.yaml)`);
  for (const c of members) {
    out.push(`  ${c.container ?? c.name}  (${c.name} ${c.id.slice(0, 12)})  ${c.state}${c.exitCode != null ? ` exit ${c.exitCode}` : ''}  ${c.image}`);
    out.push(`    IP ${c.ip ?? '-'}  MAC ${c.mac ?? '-'}  netns ${c.namespaces.net ?? '-'}  host veth ${c.hostVeth ?? '-'} on ${attachment(c)}`);
    for (const l of c.listening) out.push(`    listening ${l.protocol.padEnd(5)} ${l.address}:${l.port}  ${l.process ?? '?'} pid ${l.pid ?? '?'}`);
    for (const p of c.ports ?? []) out.push(`    published ${p.hostIp || '0.0.0.0'}:${p.hostPort} -> ${p.containerPort}/${p.protocol}`);
  }
  out.push(`Lesson:      ${lesson}`);
  return out.join('\n') + '\n';
}

/** `launch --plain` summary on stdout; what failed on stderr. */
export function printPlainResult(r: PlainLaunchResult): void {
  process.stdout.write(plainGroupText(r.group, r.containers, r.lesson));
  if (r.ok) return;
  const why = [
    ...r.failures.map((f) => `${f.container}: ${f.message}`),
    ...r.containers.filter((c) => c.state !== 'running').map((c) => `${c.container ?? c.name} is ${c.state}${c.exitCode != null ? ` (exit ${c.exitCode})` : ''} — see: docker logs ${c.name}`),
  ];
  process.stderr.write(`podlab: plain group ${r.group} was created but not everything runs:\n${why.map((w) => `  - ${w}`).join('\n')}\n`);
}
