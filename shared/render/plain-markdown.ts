// The Markdown report's section on containers outside any pod, and the lesson they teach beside a pod: own netns,
// veth and IP each, so no port conflict between them — and no reaching a neighbour on 127.0.0.1.
import type { PlainContainer, Snapshot } from '../model';
import { code, table } from './md-parts';

/** Where a plain container is attached, in words: its bridge, or Docker's network mode (host, none, a network). */
export function plainAttachment(c: Pick<PlainContainer, 'bridge' | 'network'>): string {
  return c.bridge ?? (c.network === 'host' ? 'host network (the host\'s own netns)' : c.network === 'none' ? 'no network' : `network ${c.network}`);
}

function listeningText(c: PlainContainer): string {
  return [...new Set(c.listening.map((l) => `${l.address}:${l.port}/${l.protocol}`))].join(', ');
}

/** The pairs "pod ↔ its plain twin group" found in a snapshot (a group launched from the pod's manifest). */
export function twinPairs(s: Pick<Snapshot, 'pods' | 'plainContainers'>): { pod: string; group: string }[] {
  const groups = new Map<string, string | null>();
  for (const c of s.plainContainers ?? []) if (c.group) groups.set(c.group, c.twin ?? null);
  const out: { pod: string; group: string }[] = [];
  for (const [group, twin] of groups) {
    const pod = s.pods.find((p) => p.name === twin || `${p.name}-plain` === group);
    if (pod) out.push({ pod: pod.name, group });
  }
  return out;
}

export function plainSection(s: Snapshot): string[] {
  const plain = s.plainContainers;
  if (!plain || plain.length === 0) return [];
  const out = ['## Outside any pod: plain Docker containers', ''];
  out.push(
    'In a pod every container shares the pause container\'s network namespace: one IP, one `lo` — a sidecar reaches ' +
      'its web server on `127.0.0.1:80`, and two servers cannot both bind port 80. Each plain Docker container below ' +
      'has its own netns, veth and IP: two servers may both bind 80, but a sidecar\'s `127.0.0.1` is its own `lo`, so ' +
      '`127.0.0.1:80` reaches nothing there — it must use the other container\'s IP. (`podlab prove <pod>` shows who ' +
      'reaches whom over localhost.)',
    '',
  );
  const rows = plain.map((c) => [c.name, c.group ?? '(not podlab\'s, read-only)', c.state, c.ip, c.namespaces.net, c.hostVeth, plainAttachment(c), listeningText(c)]);
  out.push(...table(['Container', 'Group', 'State', 'IP', 'netns', 'Host veth', 'On', 'Listening'], rows), '');
  for (const { pod, group } of twinPairs(s)) {
    const p = s.pods.find((x) => x.name === pod);
    const members = plain.filter((c) => c.group === group);
    out.push(
      `- Pod ${code(pod)}: ${p?.containers.length ?? 0} containers in one netns ${code(p?.namespaces.net ?? null)}, one IP ${code(p?.ip ?? null)}, one veth ${code(p?.hostVeth ?? null)}. ` +
        `Its plain twin ${code(group)}: ${members.length} containers, ${new Set(members.map((m) => m.namespaces.net)).size} netns, IPs ${members.map((m) => code(m.ip)).join(', ')}.`,
    );
  }
  out.push('');
  return out;
}
