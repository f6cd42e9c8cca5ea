// Pod-port conflicts: an app container that exited because a port it binds is taken in the pod's one netns.
// Evidence: exit code + the log line + the pod's kernel socket table (the holder) + declared/command ports.
import type Docker from 'dockerode';
import type { Conflict, ContainerModel, ListeningSocket, PodModel, Protocol } from '../../../shared/model';
import { portsFromCommand } from '../../../shared/conflicts/cmdports';
import { podPortMessages } from '../../../shared/conflicts/explain';
import { msg, render } from '../../../shared/i18n/message';
import { said } from '../../../shared/i18n/facts';
import { findBindFailure, type BindFailure } from '../../../shared/conflicts/loglines';
import { holdersOf, protocolKey } from '../../../shared/conflicts/overlap';
import { shouldRestart } from '../../../shared/conflicts/backoff';
import { readLogTail } from './logs';

interface Candidate {
  port: number;
  protocol: Protocol;
  address: string | null;
}

/** An exited container's log and command do not change: keep them per container id + exit time (bounded). */
const evidence = new Map<string, Promise<[string[], string[]]>>();
const EVIDENCE_MAX = 200;

function evidenceOf(docker: Docker, c: ContainerModel): Promise<[string[], string[]]> {
  const key = `${c.id}/${c.finishedAt ?? ''}`;
  let e = evidence.get(key);
  if (!e) {
    e = Promise.all([readLogTail(docker, c.id, 40), commandOf(docker, c.id)]);
    evidence.set(key, e);
    if (evidence.size > EVIDENCE_MAX) evidence.delete(evidence.keys().next().value!);
  }
  return e;
}

async function commandOf(docker: Docker, id: string): Promise<string[]> {
  try {
    const info = await docker.getContainer(id).inspect();
    return [...(info.Config?.Entrypoint ?? []), ...(info.Config?.Cmd ?? [])].map(String);
  } catch {
    return [];
  }
}

/** The ports the victim tried to bind: the one its log names, else its declared and command-line ports. */
function candidates(victim: ContainerModel, failure: BindFailure | null, cmd: Candidate[], others: ListeningSocket[]): Candidate[] {
  const declared: Candidate[] = (victim.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol, address: null }));
  const known = [...declared, ...cmd];
  if (failure?.port != null) {
    const same = known.find((k) => k.port === failure.port);
    // The log line names no protocol: a declared/command port says it, else whatever holds that port in the netns.
    const held = others.filter((s) => s.port === failure.port).map((s) => protocolKey(s.protocol));
    const protocol: Protocol = same?.protocol ?? (held.length > 0 && held.every((p) => p === 'udp') ? 'udp' : 'tcp');
    return [{ port: failure.port, protocol, address: failure.address ?? same?.address ?? null }];
  }
  return known.filter((k, i) => known.findIndex((q) => q.port === k.port && q.protocol === k.protocol) === i);
}

/** Exit 1–127 (not a signal) within 10 s of starting: how a server that cannot bind its port dies. */
function quickFailure(c: ContainerModel): boolean {
  if (c.exitCode == null || c.exitCode < 1 || c.exitCode > 127) return false;
  const ran = c.startedAt && c.finishedAt ? Date.parse(c.finishedAt) - Date.parse(c.startedAt) : NaN;
  return Number.isNaN(ran) || ran < 10_000;
}

function failed(c: ContainerModel): boolean {
  return (c.state === 'exited' || c.state === 'dead' || c.state === 'restarting') && c.exitCode != null && c.exitCode !== 0;
}

/** Finds pod-port conflicts in one pod; sets each victim's reason and message. */
export async function detectPodPortConflicts(docker: Docker, pod: PodModel): Promise<Conflict[]> {
  const out: Conflict[] = [];
  const policy = pod.restartPolicy ?? 'Always';
  for (const victim of pod.containers.filter(failed)) {
    const [lines, argv] = await evidenceOf(docker, victim);
    const failure = findBindFailure(lines);
    // Without a log line, only a quick, ordinary failure may be blamed on a port (not a kill, not a crash after hours).
    if (!failure && !quickFailure(victim)) continue;
    const others = pod.listening.filter((s) => s.container !== victim.name);
    let found: { cand: Candidate; holder: ListeningSocket | null } | null = null;
    for (const cand of candidates(victim, failure, portsFromCommand(argv), others)) {
      const holders = holdersOf(others, cand);
      const holder = holders.find((h) => h.container) ?? holders[0] ?? null;
      if (holder) {
        found = { cand, holder };
        break;
      }
      // The log says the bind failed but nothing holds the port now (the holder has gone since): still the cause.
      if (failure && !found) found = { cand, holder: null };
    }
    if (!found) {
      if (failure) Object.assign(victim, said(msg('container.bindFailedUnknownPort', { container: victim.name, code: victim.exitCode, line: failure.line })));
      continue;
    }
    const { cand, holder } = found;
    const holderName = holder?.container ?? null;
    const holderDeclares = pod.containers.find((c) => c.name === holderName)?.ports?.some((p) => p.containerPort === cand.port && p.protocol === cand.protocol) ?? false;
    const victimDeclares = victim.ports?.some((p) => p.containerPort === cand.port && p.protocol === cand.protocol) ?? false;
    const facts = {
      victim: victim.name,
      exitCode: victim.exitCode,
      protocol: cand.protocol,
      port: cand.port,
      address: cand.address,
      netns: pod.namespaces.net,
      holder: { container: holderName, process: holder?.process ?? null, pid: holder?.pid ?? null, address: holder?.address ?? null },
      evidence: failure ? 'log' : 'declared',
      restartPolicy: policy,
      duplicateDeclared: holderDeclares && victimDeclares,
    } as const;
    const words = podPortMessages(facts);
    const message = render(words.message);
    victim.reason = shouldRestart(policy, victim.exitCode) ? 'CrashLoopBackOff' : 'Error';
    Object.assign(victim, said(words.message));
    out.push({
      kind: 'pod-port',
      protocol: cand.protocol,
      port: cand.port,
      holder: { pod: pod.name, container: holderName, process: holder?.process ?? null, pid: holder?.pid ?? null, kind: holderName ? 'container' : 'unknown', address: holder?.address ?? null },
      victim: { pod: pod.name, container: victim.name },
      message,
      kubernetes: render(words.kubernetes),
      netns: pod.namespaces.net,
      at: victim.finishedAt ?? new Date().toISOString(),
      evidence: facts.evidence,
      duplicateDeclared: facts.duplicateDeclared,
      address: cand.address ?? null,
    });
  }
  return out;
}
