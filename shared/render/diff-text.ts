// Words a SnapshotDiff for people (`podlab diff` without --json): one line per change, grouped by pod.
import type { Conflict, HostVeth, ListeningSocket, PublishedPort } from '../model';
import type { ContainerBrief, ContainerChange, PodBrief, PodDiff, SandboxBrief, SnapshotDiff, ValueChange } from './diff-types';
import { msg, render, type Lang } from '../i18n/message';

const show = (v: string | null): string => v ?? '(none)';
const arrow = (c: ValueChange): string => `${show(c.from)} → ${show(c.to)}`;

export function describePort(p: PublishedPort): string {
  return `${p.hostIp}:${p.hostPort} → ${p.containerPort}/${p.protocol}`;
}

export function describeListener(l: ListeningSocket): string {
  const owner = l.container ? `${l.container}${l.process ? `, ${l.process}` : ''}${l.pid != null ? ` pid ${l.pid}` : ''}` : 'owner unknown';
  const addr = l.address.includes(':') ? `[${l.address}]` : l.address;
  return `${l.protocol} ${addr}:${l.port} (${owner})`;
}

function describeContainer(c: ContainerBrief): string {
  const bits = [c.state];
  if (c.exitCode !== null && c.state !== 'running') bits.push(`exit ${c.exitCode}`);
  if (c.reason) bits.push(c.reason);
  if (c.restartCount > 0) bits.push(`${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}`);
  return bits.join(', ');
}

function containerLine(ch: ContainerChange): string[] {
  if (!ch.from && ch.to) return [`  + container ${ch.container} (${describeContainer(ch.to)})`];
  if (ch.from && !ch.to) return [`  - container ${ch.container} (was ${describeContainer(ch.from)})`];
  if (!ch.from || !ch.to) return [];
  const lines: string[] = [];
  const a = describeContainer(ch.from);
  const b = describeContainer(ch.to);
  if (a !== b) lines.push(`  container ${ch.container}: ${a} → ${b}`);
  if (ch.from.netns !== ch.to.netns) lines.push(`  container ${ch.container} netns: ${show(ch.from.netns)} → ${show(ch.to.netns)}`);
  return lines;
}

function sandboxText(s: SandboxBrief | null): string {
  if (!s) return '(none)';
  return `${s.id.slice(0, 12)} ${s.state} pid ${s.pid}${s.attempt !== null ? ` attempt ${s.attempt}` : ''}`;
}

function conflictText(c: Conflict): string {
  return `${c.kind} ${c.port}/${c.protocol}: ${c.message}`;
}

function podBrief(p: PodBrief): string {
  return `${p.name} (${p.phase}, IP ${show(p.ip)}, ${show(p.netns)}, containers: ${p.containers.join(', ') || 'none'})`;
}

function vethText(v: HostVeth): string {
  return `${v.name} (ifindex ${v.ifindex}, peer ${v.peerIfindex}, bridge ${v.bridge ?? '-'}${v.pod ? `, pod ${v.pod}` : ''})`;
}

function podLines(d: PodDiff, lang: Lang): string[] {
  const out = [`Pod ${d.name}:`];
  if (d.phase) out.push(`  phase: ${arrow(d.phase)}`);
  if (d.sandbox) out.push(`  sandbox: ${sandboxText(d.sandbox.from)} → ${sandboxText(d.sandbox.to)}`);
  if (d.netns) out.push(`  netns: ${arrow(d.netns)}`);
  if (d.ip) out.push(`  IP: ${arrow(d.ip)}`);
  if (d.mac) out.push(`  MAC: ${arrow(d.mac)}`);
  if (d.hostVeth) out.push(`  host veth: ${arrow(d.hostVeth)}`);
  for (const p of d.portsOpened) out.push(`  + published port ${describePort(p)}`);
  for (const p of d.portsClosed) out.push(`  - published port ${describePort(p)}`);
  for (const l of d.listenersOpened) out.push(`  + listening ${describeListener(l)}`);
  for (const l of d.listenersClosed) out.push(`  - listening ${describeListener(l)}`);
  for (const c of d.containers) out.push(...containerLine(c));
  for (const c of d.conflictsAppeared) out.push(`  ! conflict appeared: ${conflictText(c)}`);
  for (const c of d.conflictsCleared) out.push(`  ✓ conflict cleared: ${conflictText(c)}`);
  // The notes are what a learner needs explained: in the reader's language where their codes came along.
  const notes = d.noteMessages?.length === d.notes.length ? d.noteMessages.map((m) => render(m, lang)) : d.notes;
  for (const n of notes) out.push(`  ${render(msg('diff.noteLabel'), lang)}: ${n}`);
  return out;
}

/** The diff as text for a terminal or a bug report; the notes in `lang` (the changes keep the engine's words). */
export function renderDiffText(d: SnapshotDiff, lang: Lang = 'en'): string {
  const out = [`From ${d.from.takenAt} (${d.from.engine})`, `To   ${d.to.takenAt} (${d.to.engine})`];
  if (Date.parse(d.to.takenAt) < Date.parse(d.from.takenAt)) out.push(render(msg('diff.olderSecond'), lang));
  out.push('');
  if (!d.changed) return [...out, 'No changes: both snapshots show the same pods and network.', ''].join('\n');
  for (const p of d.podsAdded) out.push(`+ pod ${podBrief(p)}`);
  for (const p of d.podsRemoved) out.push(`- pod ${podBrief(p)}`);
  if (d.podsAdded.length + d.podsRemoved.length > 0) out.push('');
  for (const p of d.podsChanged) out.push(...podLines(p, lang), '');
  if (d.vethsAdded.length + d.vethsRemoved.length > 0) {
    out.push('Host veths:');
    for (const v of d.vethsAdded) out.push(`  + ${vethText(v)}`);
    for (const v of d.vethsRemoved) out.push(`  - ${vethText(v)}`);
    out.push('');
  }
  const n = d.podsAdded.length + d.podsRemoved.length + d.podsChanged.length;
  out.push(`${n} pod${n === 1 ? '' : 's'} changed (${d.podsAdded.length} added, ${d.podsRemoved.length} removed, ${d.podsChanged.length} modified).`);
  return out.join('\n') + '\n';
}
