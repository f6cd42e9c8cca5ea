// `watch` lines for the containers outside any pod: one when such a container appears, changes state, IP or netns,
// or goes away. `type: "plain"`, with its group (null: not podlab's). Pure, like watchlines.ts.
import type { Model, PlainContainer } from '../../shared/model';
import type { WatchLine } from './watchlines';

function line(c: PlainContainer, at: string): WatchLine {
  return { type: 'plain', container: c.name, group: c.group, state: c.state, ip: c.ip, netns: c.namespaces.net, id: c.id, at };
}

export function plainLines(prev: Model | null, next: Model, at: string): WatchLine[] {
  const before = new Map((prev?.plainContainers ?? []).map((c) => [c.id, c]));
  const out: WatchLine[] = [];
  for (const c of next.plainContainers ?? []) {
    const o = before.get(c.id);
    before.delete(c.id);
    if (!o || o.state !== c.state || o.ip !== c.ip || o.namespaces.net !== c.namespaces.net) out.push(line(c, at));
  }
  for (const gone of before.values()) out.push({ ...line(gone, at), state: 'removed', ip: null, netns: null });
  return out;
}

export function plainLineText(l: WatchLine): string {
  const who = `${String(l.container)}${l.group ? ` (plain group ${String(l.group)})` : " (not podlab's)"}`;
  return `${l.at.slice(11, 23)} plain      ${who} ${String(l.state)}${l.ip ? ` ip ${String(l.ip)}` : ''}${l.netns ? ` ${String(l.netns)}` : ''}`;
}
