// Compares two snapshots: pods added/removed, IP, MAC, netns, sandbox and veth changes, ports and listeners
// opened/closed, container state changes, conflicts appeared/cleared. `diffSnapshots` gives the structured result
// (`podlab diff --json`, the UI's compare view); `renderDiffText` words it for people.
import type { Conflict, ContainerModel, HostVeth, ListeningSocket, PodModel, PublishedPort, Snapshot } from '../model';
import type { ContainerBrief, PodBrief, PodDiff, SandboxBrief, SnapshotDiff, ValueChange } from './diff-types';
import { msg, render } from '../i18n/message';

export type { ContainerBrief, ContainerChange, PodBrief, PodDiff, SandboxBrief, SnapshotDiff, ValueChange } from './diff-types';

const portKey = (p: PublishedPort): string => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`;
const listenerKey = (l: ListeningSocket): string => `${l.protocol} ${l.address}:${l.port} ${l.container ?? '?'}`;
const conflictKey = (c: Conflict): string =>
  `${c.kind} ${c.port}/${c.protocol} ${c.holder.pod ?? ''}/${c.holder.container ?? ''} ${c.victim.pod ?? ''}/${c.victim.container ?? ''}`;
const vethKey = (v: HostVeth): string => `${v.name}#${v.ifindex}#${v.pod ?? ''}`;

/** Items of `b` missing from `a` (by key). */
function minus<T>(b: T[], a: T[], key: (t: T) => string): T[] {
  const seen = new Set(a.map(key));
  return b.filter((t) => !seen.has(key(t)));
}

function change(from: string | null | undefined, to: string | null | undefined): ValueChange | undefined {
  const f = from ?? null;
  const t = to ?? null;
  return f === t ? undefined : { from: f, to: t };
}

function brief(p: PodModel): PodBrief {
  return { name: p.name, phase: p.phase, ip: p.ip, netns: p.namespaces.net, containers: p.containers.map((c) => c.name) };
}

function sandboxBrief(p: PodModel): SandboxBrief | null {
  const s = p.sandbox;
  return s ? { id: s.id, state: s.state, pid: s.pid, attempt: s.attempt ?? null } : null;
}

function containerBrief(c: ContainerModel): ContainerBrief {
  return { state: c.state, exitCode: c.exitCode, restartCount: c.restartCount, reason: c.reason, netns: c.namespaces.net };
}

function sameBrief(a: ContainerBrief, b: ContainerBrief): boolean {
  return a.state === b.state && a.exitCode === b.exitCode && a.restartCount === b.restartCount && a.reason === b.reason && a.netns === b.netns;
}

function diffPod(a: PodModel, b: PodModel): PodDiff | null {
  const d: PodDiff = {
    name: a.name,
    phase: change(a.phase, b.phase),
    ip: change(a.ip, b.ip),
    mac: change(a.mac, b.mac),
    netns: change(a.namespaces.net, b.namespaces.net),
    hostVeth: change(a.hostVeth, b.hostVeth),
    portsOpened: minus(b.ports, a.ports, portKey),
    portsClosed: minus(a.ports, b.ports, portKey),
    listenersOpened: minus(b.listening, a.listening, listenerKey),
    listenersClosed: minus(a.listening, b.listening, listenerKey),
    containers: [],
    conflictsAppeared: minus(b.conflicts, a.conflicts, conflictKey),
    conflictsCleared: minus(a.conflicts, b.conflicts, conflictKey),
    notes: [],
    noteMessages: [],
  };
  const sa = sandboxBrief(a);
  const sb = sandboxBrief(b);
  if (JSON.stringify(sa) !== JSON.stringify(sb)) d.sandbox = { from: sa, to: sb };
  const names = [...new Set([...a.containers.map((c) => c.name), ...b.containers.map((c) => c.name)])];
  for (const name of names) {
    const ca = a.containers.find((c) => c.name === name);
    const cb = b.containers.find((c) => c.name === name);
    const from = ca ? containerBrief(ca) : null;
    const to = cb ? containerBrief(cb) : null;
    if (from && to && sameBrief(from, to)) continue;
    d.containers.push({ container: name, from, to });
  }
  if (d.netns && d.netns.from) {
    const stranded = b.containers.filter((c) => c.state === 'running' && c.namespaces.net !== null && c.namespaces.net === d.netns?.from);
    for (const c of stranded) {
      const note = msg('diff.strandedNote', { container: c.name, from: d.netns.from, to: d.netns.to ?? 'netns' });
      d.noteMessages?.push(note);
      d.notes.push(render(note));
    }
  }
  for (const k of ['phase', 'ip', 'mac', 'netns', 'hostVeth', 'sandbox'] as const) if (d[k] === undefined) delete d[k];
  const lists = [d.portsOpened, d.portsClosed, d.listenersOpened, d.listenersClosed, d.containers, d.conflictsAppeared, d.conflictsCleared];
  const changed = Object.keys(d).some((k) => ['phase', 'ip', 'mac', 'netns', 'hostVeth', 'sandbox'].includes(k)) || lists.some((l) => l.length > 0);
  return changed ? d : null;
}

/** What changed from snapshot `a` (older) to snapshot `b` (newer). Pods are matched by name. */
export function diffSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  const byName = (s: Snapshot): Map<string, PodModel> => new Map(s.pods.map((p) => [p.name, p]));
  const pa = byName(a);
  const pb = byName(b);
  const podsAdded = b.pods.filter((p) => !pa.has(p.name)).map(brief);
  const podsRemoved = a.pods.filter((p) => !pb.has(p.name)).map(brief);
  const podsChanged: PodDiff[] = [];
  for (const p of a.pods) {
    const q = pb.get(p.name);
    const d = q ? diffPod(p, q) : null;
    if (d) podsChanged.push(d);
  }
  const vethsAdded = minus(b.host.veths, a.host.veths, vethKey);
  const vethsRemoved = minus(a.host.veths, b.host.veths, vethKey);
  const engine = (s: Snapshot): string => `${s.engine.name || 'Docker'} ${s.engine.version} at ${s.engine.endpoint}`;
  return {
    from: { takenAt: a.takenAt, engine: engine(a) },
    to: { takenAt: b.takenAt, engine: engine(b) },
    podsAdded,
    podsRemoved,
    podsChanged,
    vethsAdded,
    vethsRemoved,
    changed: podsAdded.length + podsRemoved.length + podsChanged.length + vethsAdded.length + vethsRemoved.length > 0,
  };
}

export { renderDiffText } from './diff-text';
