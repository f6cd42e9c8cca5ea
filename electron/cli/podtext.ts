// Human-readable text of the model for `ls`, `inspect` and `watch` (the JSON forms print the model as is).
import type { ContainerModel, Model, PodModel } from '../../shared/model';
import { describeProbe } from '../engine/health';
import type { PodlabConfig } from '../engine/config';
import { conflictText } from '../../shared/conflicts/explain';
import { podReason } from '../../shared/i18n/facts';
import { utsNotes } from '../../shared/uts';

function portsText(p: PodModel): string {
  const pub = p.ports.map((x) => `${x.hostIp === '0.0.0.0' ? '' : `${x.hostIp}:`}${x.hostPort}->${x.containerPort}/${x.protocol}`);
  return pub.length ? pub.join(',') : '-';
}

function ctrsText(p: PodModel): string {
  const ready = p.containers.filter((c) => c.state === 'running').length;
  return `${ready}/${p.containers.length}`;
}

/** `ls` table: name, phase, IP, netns, containers (ready/total), published ports. */
export function lsTable(pods: PodModel[]): string {
  const rows = [['NAME', 'PHASE', 'IP', 'NETNS', 'READY', 'PORTS']];
  for (const p of pods) rows.push([p.name, p.phase, p.ip ?? '-', p.namespaces.net ?? '-', ctrsText(p), portsText(p)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  // A liveness probe failing now is a fact the table has no column for: said below it, with who would act on it.
  const unhealthy = pods.flatMap((p) => p.containers.filter((c) => c.live === false).map((c) => `${p.name}/${c.name}: ${c.message ?? 'liveness probe fails'}`));
  const notes = unhealthy.length ? `\nUnhealthy (liveness probe):\n${unhealthy.map((u) => `  ${u}`).join('\n')}\n` : '';
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n' + notes;
}

function ctrLine(c: ContainerModel): string {
  const exit = c.exitCode != null ? ` exit ${c.exitCode}` : '';
  const why = c.reason ? ` (${c.reason}${c.nextRestartAt ? `, next restart ${c.nextRestartAt}` : ''})` : c.live === false ? ' (Unhealthy: liveness probe fails)' : '';
  const ns = c.namespaces.net ? ` ${c.namespaces.net}` : '';
  return `  ${c.name.padEnd(12)} ${c.state}${exit}${why}  restarts ${c.restartCount}  ${c.image}  pid ${c.pid ?? '-'}${ns}  ${c.id.slice(0, 12)}`;
}

/** `inspect` text: everything the model knows about one pod, with the probe path in use. */
export function inspectText(p: PodModel, model: Model, config: Pick<PodlabConfig, 'probe' | 'demoImage'>): string {
  const out: string[] = [];
  const reason = podReason('en', p);
  out.push(`Pod:        ${p.name}`, `Phase:      ${p.phase}${reason ? ` (${reason})` : ''}`);
  const s = p.sandbox;
  out.push(`Sandbox:    ${s ? `${s.name} ${s.id.slice(0, 12)} ${s.image} ${s.state} pid ${s.pid} attempt ${s.attempt ?? 0}` : '(gone)'}`);
  out.push(`IP:         ${p.ip ?? '-'}   MAC: ${p.mac ?? '-'}   gateway: ${p.gateway ?? '-'}`);
  const ns = p.namespaces;
  out.push(`Namespaces: ${[ns.net, ns.ipc, ns.uts, ns.pid].filter(Boolean).join('  ') || '-'}${p.netnsKey ? `  (key ${p.netnsKey})` : ''}`);
  const veth = model.host.veths.find((v) => v.name === p.hostVeth);
  out.push(`Host veth:  ${p.hostVeth ? `${p.hostVeth} (ifindex ${veth?.ifindex ?? '?'}) on ${veth?.bridge ?? '?'} <-> eth0` : '-'}`);
  out.push('Interfaces:');
  for (const i of p.interfaces ?? []) {
    out.push(`  ${i.name.padEnd(5)} ifindex ${i.ifindex}${i.peerIfindex != null ? ` peer ${i.peerIfindex}` : ''}  mtu ${i.mtu}  ${i.mac ?? ''}  ${i.addresses.join(' ')}  ${i.state ?? ''}`);
  }
  out.push(`Published:  ${portsText(p)}`);
  out.push('Listening sockets:');
  if (p.listening.length === 0) out.push('  (none)');
  for (const l of p.listening) {
    out.push(`  ${l.protocol.padEnd(5)} ${`${l.address}:${l.port}`.padEnd(22)} ${l.container ?? '?'} ${l.process ?? '?'} pid ${l.pid ?? '?'}`);
  }
  // In kubectl describe's order: init containers, containers, ephemeral (debug) containers.
  if (p.initContainers?.length) out.push('Init containers:', ...p.initContainers.map(ctrLine));
  out.push('Containers:');
  for (const c of p.containers) out.push(ctrLine(c));
  if (p.ephemeralContainers?.length) {
    out.push('Ephemeral containers:');
    for (const e of p.ephemeralContainers) {
      const exit = e.exitCode != null ? ` exit ${e.exitCode}` : '';
      out.push(`  ${e.name.padEnd(12)} ${e.state}${exit}  ${e.image}  target ${e.target ?? '-'}${e.namespaces?.net ? `  ${e.namespaces.net}` : ''}  ${e.id.slice(0, 12)}`);
    }
  }
  const uts = utsNotes(p);
  if (uts.length) out.push('UTS namespaces:', ...uts.map((n) => `  ${n}`));
  if (p.conflicts.length) {
    out.push('Conflicts:');
    for (const c of p.conflicts) out.push(`  ${conflictText(c)}`);
  }
  if (p.events?.length) {
    out.push('Events:');
    for (const e of p.events.slice(-10)) out.push(`  ${e.at} ${e.type} ${e.reason}${e.container ? ` ${e.container}` : ''}: ${e.message}`);
  }
  out.push(`Probe:      ${describeProbe(model.engine.probe ?? 'none', config, model.engine.remote)}${model.engine.probeError ? ` — failed: ${model.engine.probeError}` : ''}`);
  return out.join('\n') + '\n';
}
