// Turns successive models into `watch` lines: a pod line when a pod appears, changes phase or goes away; a container
// line when a container's state, exit code, restart count, reason or next restart changes. Pure, so the UI could reuse it.
import type { Model, PodModel } from '../../shared/model';

export interface WatchLine {
  type: 'pod' | 'container' | 'engine' | 'plain';
  pod?: string;
  container?: string;
  state?: string;
  phase?: string;
  at: string;
  [extra: string]: unknown;
}

interface Entry {
  name: string;
  id: string;
  state: string;
  exitCode: number | null;
  restartCount: number;
  reason: string | null;
  nextRestartAt: string | null;
}

/** The sandbox (as cri-dockerd's "POD") and the app containers of a pod, for comparison. */
function entries(p: PodModel | undefined): Entry[] {
  if (!p) return [];
  const sandbox: Entry[] = p.sandbox
    ? [{ name: 'POD', id: p.sandbox.id, state: p.sandbox.state, exitCode: null, restartCount: p.sandbox.attempt ?? 0, reason: null, nextRestartAt: null }]
    : [];
  const apps = p.containers.map((c) => ({
    name: c.name,
    id: c.id,
    state: c.state,
    exitCode: c.exitCode,
    restartCount: c.restartCount,
    reason: c.reason,
    nextRestartAt: c.nextRestartAt ?? null,
  }));
  return [...sandbox, ...apps];
}

/** True when a watcher would want to hear about the change (e.g. Error → CrashLoopBackOff, a new next restart). */
function differs(o: Entry, c: Entry): boolean {
  return o.id !== c.id || o.state !== c.state || o.exitCode !== c.exitCode || o.restartCount !== c.restartCount || o.reason !== c.reason || o.nextRestartAt !== c.nextRestartAt;
}

export function modelLines(prev: Model | null, next: Model, at: string): WatchLine[] {
  const out: WatchLine[] = [];
  const before = new Map((prev?.pods ?? []).map((p) => [p.name, p]));
  for (const p of next.pods) {
    const old = before.get(p.name);
    before.delete(p.name);
    if (!old || old.phase !== p.phase || old.ip !== p.ip || old.namespaces.net !== p.namespaces.net) {
      out.push({ type: 'pod', pod: p.name, phase: p.phase, reason: p.reason ?? null, ip: p.ip, netns: p.namespaces.net, at });
    }
    const oldCtrs = new Map(entries(old).map((c) => [c.name, c]));
    for (const c of entries(p)) {
      const o = oldCtrs.get(c.name);
      oldCtrs.delete(c.name);
      if (!o || differs(o, c)) {
        out.push({ type: 'container', pod: p.name, container: c.name, state: c.state, exitCode: c.exitCode, restartCount: c.restartCount, reason: c.reason, nextRestartAt: c.nextRestartAt, id: c.id, at });
      }
    }
    for (const gone of oldCtrs.values()) out.push({ type: 'container', pod: p.name, container: gone.name, state: 'removed', id: gone.id, at });
  }
  for (const gone of before.values()) out.push({ type: 'pod', pod: gone.name, phase: 'Unknown', state: 'removed', at });
  return out;
}

export function lineText(l: WatchLine): string {
  const t = l.at.slice(11, 23);
  if (l.type === 'engine') return `${t} engine     ${l.state}${l.reason ? ` (${String(l.reason)})` : ''}`;
  if (l.type === 'pod') return `${t} pod        ${l.pod} ${l.state === 'removed' ? 'removed' : l.phase}${l.ip ? ` ip ${String(l.ip)}` : ''}${l.netns ? ` ${String(l.netns)}` : ''}${l.reason ? ` (${String(l.reason)})` : ''}`;
  const exit = l.exitCode != null ? ` exit ${String(l.exitCode)}` : '';
  const restarts = typeof l.restartCount === 'number' && l.restartCount > 0 ? ` restarts ${l.restartCount}` : '';
  const next = l.nextRestartAt ? `, next restart ${String(l.nextRestartAt).slice(11, 23)}` : '';
  return `${t} container  ${l.pod}/${l.container} ${l.state}${exit}${restarts}${l.reason ? ` (${String(l.reason)}${next})` : ''}`;
}
