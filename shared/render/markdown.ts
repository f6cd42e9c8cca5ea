// The snapshot as a Markdown report a person attaches to a lab report or a bug without editing: engine, host
// bridges and veths, pods, interfaces, published ports, listening sockets, containers, conflicts, docker run lines.
import type { PodModel, Snapshot } from '../model';
import type { PodSpec } from '../manifest/types';
import { validatePodObject } from '../manifest/pod-object';
import { conflictText } from '../conflicts/explain';
import { containerMessage, podReason } from '../i18n/facts';
import { dockerRunCommands } from './docker-run';
import { plainSection } from './plain-markdown';
import { code, table } from './md-parts';

export { cell, code, table } from './md-parts';

const MAX_EVENTS = 15;

export interface MarkdownOptions {
  /** Launch specs by pod name; they give the docker run lines their commands. Default: the snapshot's `manifests`. */
  specs?: Record<string, PodSpec | null | undefined>;
  /** Title of the report; default "podlab network snapshot". */
  title?: string;
}

function engineLine(s: Snapshot): string {
  const e = s.engine;
  const bits = [`${e.name || 'Docker'} ${e.version}`];
  if (e.apiVersion) bits.push(`API ${e.apiVersion}`);
  if (e.os) bits.push(e.os);
  return `${bits.join(', ')} at ${code(e.endpoint)}${e.probe ? ` (host facts read: ${e.probe})` : ''}`;
}

function hostSection(s: Snapshot): string[] {
  const out = ['## Host', ''];
  out.push(...table(['Bridge', 'Subnet', 'Gateway', 'ifindex', 'MAC'], s.host.bridges.map((b) => [b.name, b.subnet, b.gateway, b.ifindex, b.mac])), '');
  if (s.host.veths.length === 0) out.push('No veth interfaces on the host.', '');
  else {
    out.push('Host-side veths (each is one end of a pair; its peer is a pod\'s eth0):', '');
    out.push(...table(['Host veth', 'ifindex', 'Peer ifindex (eth0 in the pod)', 'Bridge', 'Pod'], s.host.veths.map((v) => [v.name, v.ifindex, v.peerIfindex, v.bridge, v.pod ?? (v.container ? `plain ${v.container}` : '(not a podlab pod)')])), '');
  }
  return out;
}

function portsText(p: PodModel): string {
  return p.ports.map((x) => `${x.hostIp}:${x.hostPort}→${x.containerPort}/${x.protocol}`).join(', ');
}

function podsTable(s: Snapshot): string[] {
  if (s.pods.length === 0) return ['## Pods', '', 'No podlab pods were running when this snapshot was taken.', ''];
  const rows = s.pods.map((p) => [p.name, p.phase + (podReason('en', p) ? ` (${podReason('en', p)})` : ''), p.ip, p.mac, p.namespaces.net, p.hostVeth, p.containers.map((c) => `${c.name} (${c.state})`).join(', '), portsText(p)]);
  return ['## Pods', '', ...table(['Pod', 'Phase', 'IP', 'MAC', 'netns', 'Host veth', 'Containers', 'Published ports'], rows), ''];
}

function containerState(c: PodModel['containers'][number]): string {
  const bits: string[] = [c.state];
  if (c.exitCode !== null && c.state !== 'running') bits.push(`exit ${c.exitCode}`);
  if (c.nextRestartAt) bits.push(`next restart ${c.nextRestartAt}`);
  return bits.join(', ');
}

function podSection(p: PodModel, spec: PodSpec | null | undefined): string[] {
  const sb = p.sandbox;
  const out = [`### Pod ${code(p.name)}`, ''];
  const reason = podReason('en', p);
  out.push(`- Phase: **${p.phase}**${reason ? ` — ${reason}` : ''}`);
  out.push(sb ? `- Sandbox: ${code(sb.name)} (${code(sb.id.slice(0, 12))}, image ${code(sb.image)}, ${sb.state}, pid ${sb.pid}${sb.attempt !== undefined ? `, attempt ${sb.attempt}` : ''})` : '- Sandbox: none (the pod has no sandbox container)');
  const ns = p.namespaces;
  out.push(`- Namespaces: net ${code(ns.net ?? 'unknown')}${ns.ipc ? `, ipc ${code(ns.ipc)}` : ''}${ns.uts ? `, uts ${code(ns.uts)}` : ''}${ns.pid ? `, pid ${code(ns.pid)}` : ''}`);
  out.push(`- IP ${code(p.ip)}, MAC ${code(p.mac)}${p.gateway ? `, gateway ${code(p.gateway)}` : ''}, host veth ${code(p.hostVeth)}`);
  out.push(`- restartPolicy ${p.restartPolicy ?? 'Always'}, shareProcessNamespace ${p.shareProcessNamespace ? 'true' : 'false'}, hostname ${code(p.hostname ?? p.name)}`, '');
  if (p.interfaces && p.interfaces.length > 0) {
    out.push('Interfaces in the pod\'s network namespace:', '');
    out.push(...table(['Interface', 'ifindex', 'Peer ifindex', 'MAC', 'MTU', 'Addresses'], p.interfaces.map((i) => [i.name, i.ifindex, i.peerIfindex, i.mac, i.mtu, i.addresses.join(', ')])), '');
  }
  out.push('Published ports (on the sandbox — the only container that may publish):', '');
  if (p.ports.length === 0) out.push('None.', '');
  else out.push(...table(['Host IP', 'Host port', 'Container port', 'Protocol'], p.ports.map((x) => [x.hostIp, x.hostPort, x.containerPort, x.protocol])), '');
  out.push('Listening sockets (one table for the whole pod: its containers share the netns):', '');
  if (p.listening.length === 0) out.push('None.', '');
  else out.push(...table(['Protocol', 'Address', 'Port', 'Container', 'Process', 'PID'], p.listening.map((l) => [l.protocol, l.address, l.port, l.container ?? 'unknown', l.process, l.pid])), '');
  out.push('Containers:', '');
  out.push(...table(['Container', 'Image', 'State', 'Restarts', 'Reason', 'netns', 'Message'], p.containers.map((c) => [c.name, c.image, containerState(c), c.restartCount, c.reason, c.namespaces.net, containerMessage('en', c)])), '');
  if (p.conflicts.length > 0) {
    out.push('Conflicts:', '');
    for (const c of p.conflicts) out.push(`- **${c.kind} ${c.port}/${c.protocol}**: ${conflictText(c)}`);
    out.push('');
  }
  const events = (p.events ?? []).slice(-MAX_EVENTS);
  if (events.length > 0) {
    out.push(`Events (last ${events.length}):`, '');
    out.push(...table(['Time', 'Type', 'Reason', 'Container', 'Message'], events.map((e) => [e.at, e.type, e.reason, e.container, e.message])), '');
  }
  const clash = p.ports.length > 0 ? ' Remove the pod first: its host ports are taken while it runs.' : '';
  out.push(`Reproduce by hand with the kubelet's recipe.${clash}`, '', '```sh', ...dockerRunCommands(p, spec), '```', '');
  return out;
}

/** The launch spec a snapshot file carries for `pod` (its `manifests` entry), when it is a valid Pod manifest. */
function specOf(s: Snapshot, pod: string): PodSpec | null {
  const m = s.manifests?.[pod];
  if (!m) return null;
  const r = validatePodObject(m);
  return r.ok ? r.pod : null;
}

/** The whole report. Pure: the CLI writes it to a file, the UI offers it for download. */
export function renderMarkdown(s: Snapshot, opts: MarkdownOptions = {}): string {
  const conflicts = s.pods.reduce((n, p) => n + p.conflicts.length, 0);
  const running = s.pods.filter((p) => p.phase === 'Running').length;
  const out = [
    `# ${opts.title ?? 'podlab network snapshot'}`,
    '',
    `- Captured: **${s.takenAt}**`,
    `- Engine: ${engineLine(s)}`,
    `- Pods: ${s.pods.length} (${running} running), conflicts: ${conflicts}`,
    `- Format: ${code(s.schema)}${s.podlab ? `, podlab ${s.podlab.version}` : ''}`,
    ...(s.engine.probeError ? [`- Warning: host facts could not be read (${s.engine.probeError}); namespaces and sockets may be missing.`] : []),
    '',
    ...hostSection(s),
    ...podsTable(s),
    ...plainSection(s),
  ];
  if (conflicts > 0) {
    out.push('## Conflicts', '');
    for (const p of s.pods) for (const c of p.conflicts) out.push(`- ${code(p.name)} — **${c.kind} ${c.port}/${c.protocol}**: ${conflictText(c)}`);
    out.push('');
  }
  if (s.pods.length > 0) out.push('## Pod details', '');
  for (const p of s.pods) out.push(...podSection(p, opts.specs?.[p.name] ?? specOf(s, p.name)));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
