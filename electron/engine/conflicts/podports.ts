// Pod-port conflicts: an app container that exited because a port it binds is taken in the pod's one netns.
// Evidence: exit code + the log line + the pod's kernel socket table (the holder) + declared/command ports.
// Pure: a derivation stage; the log tails are gathered before (facts/logs.ts).
import type { Conflict, ContainerModel, ListeningSocket, PodModel, Protocol } from '../../../shared/model';
import { portsFromCommand } from '../../../shared/conflicts/cmdports';
import { guessPort } from '../../../shared/conflicts/portguess';
import { podPortMessages, type PodPortFacts } from '../../../shared/conflicts/explain';
import { msg, render, type Message } from '../../../shared/i18n/message';
import { said } from '../../../shared/i18n/facts';
import type { ContainerReason } from '../../../shared/reasons';
import { findBindFailure, findWhyLine, saysWhy, type BindFailure } from '../../../shared/conflicts/loglines';
import { holdersOf, protocolKey } from '../../../shared/conflicts/overlap';
import { shouldRestart } from '../../../shared/conflicts/backoff';

interface Candidate {
  port: number;
  protocol: Protocol;
  address: string | null;
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

/** A container that failed on its own (not stopped cleanly): its log tail is gathered as evidence. */
export function failed(c: Pick<ContainerModel, 'state' | 'exitCode'>): boolean {
  return (c.state === 'exited' || c.state === 'dead' || c.state === 'restarting') && c.exitCode != null && c.exitCode !== 0;
}

/**
 * A container that exited 1–127 (its own doing, not a signal) for no port's sake: the log line that says why, so that
 * "nc: invalid option -- 'k'" is shown rather than a bare "exited (1)" (the reason stays the restart state's).
 */
function sayWhy(victims: Map<string, VictimFinding>, c: ContainerModel, lines: string[]): void {
  if (c.exitCode == null || c.exitCode < 1 || c.exitCode > 127) return;
  const line = findWhyLine(lines);
  if (line) victims.set(c.name, said(msg('container.exitedSaying', { container: c.name, code: c.exitCode, line })));
}

/** What a victim of a pod-port conflict shows instead of its plain exit. */
export interface VictimFinding {
  reason?: ContainerReason;
  message: string;
  why: Message;
}

export interface PodPortFindings {
  conflicts: Conflict[];
  /** By container name. */
  victims: Map<string, VictimFinding>;
}

/**
 * Finds pod-port conflicts in one pod from its failed containers' log tails and command lines (by container id);
 * `envs` (environment values by container id) help guess a port that no log line or manifest names.
 */
export function podPortConflicts(pod: PodModel, logTails: Record<string, string[]>, argvs: Record<string, string[]>, at: number, envs: Record<string, string[]> = {}): PodPortFindings {
  const out: Conflict[] = [];
  const victims = new Map<string, VictimFinding>();
  const policy = pod.restartPolicy ?? 'Always';
  for (const victim of pod.containers.filter(failed)) {
    const lines = logTails[victim.id] ?? [];
    const argv = argvs[victim.id] ?? [];
    const failure = findBindFailure(lines);
    // Without a log line, only a quick, ordinary failure may be blamed on a port (not a kill, not a crash after hours),
    // and only when its log says nothing else: "nc: invalid option -- 'k'" is why that one stopped, not a held port.
    if (!failure && (!quickFailure(victim) || saysWhy(lines))) {
      sayWhy(victims, victim, lines);
      continue;
    }
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
    // A bind failed but nothing names the port: look at what it was started with, as a person would.
    const guess = !found && failure ? guessPort([{ source: 'command', words: argv }, { source: 'env', words: envs[victim.id] ?? [] }], others.map((o) => ({ port: o.port, protocol: protocolKey(o.protocol) }))) : null;
    if (guess) {
      const cand = { port: guess.port, protocol: guess.protocol, address: null };
      const holders = holdersOf(others, cand);
      found = { cand, holder: holders.find((h) => h.container) ?? holders[0] ?? null };
    }
    if (!found) {
      if (failure) victims.set(victim.name, said(msg('container.bindFailedUnknownPort', { container: victim.name, code: victim.exitCode, line: failure.line })));
      else sayWhy(victims, victim, lines);
      continue;
    }
    const guessed = guess ? { source: guess.source, word: guess.word, confidence: guess.confidence } : undefined;
    const { cand, holder } = found;
    const holderName = holder?.container ?? null;
    const holderDeclares = pod.containers.find((c) => c.name === holderName)?.ports?.some((p) => p.containerPort === cand.port && p.protocol === cand.protocol) ?? false;
    const victimDeclares = victim.ports?.some((p) => p.containerPort === cand.port && p.protocol === cand.protocol) ?? false;
    const facts: PodPortFacts = {
      victim: victim.name,
      exitCode: victim.exitCode,
      protocol: cand.protocol,
      port: cand.port,
      address: cand.address,
      netns: pod.namespaces.net,
      holder: { container: holderName, process: holder?.process ?? null, pid: holder?.pid ?? null, address: holder?.address ?? null },
      evidence: guessed ? 'guessed' : failure ? 'log' : 'declared',
      ...(!guessed && !failure && !victimDeclares ? { fromCommand: true as const } : {}),
      guess: guessed,
      restartPolicy: policy,
      duplicateDeclared: holderDeclares && victimDeclares,
    };
    const words = podPortMessages(facts);
    const message = render(words.message);
    victims.set(victim.name, { reason: shouldRestart(policy, victim.exitCode) ? 'CrashLoopBackOff' : 'Error', ...said(words.message) });
    out.push({
      kind: 'pod-port',
      protocol: cand.protocol,
      port: cand.port,
      holder: { pod: pod.name, container: holderName, process: holder?.process ?? null, pid: holder?.pid ?? null, kind: holderName ? 'container' : 'unknown', address: holder?.address ?? null },
      victim: { pod: pod.name, container: victim.name },
      message,
      kubernetes: render(words.kubernetes),
      netns: pod.namespaces.net,
      at: victim.finishedAt ?? new Date(at).toISOString(),
      ...(guessed ? { guess: guessed } : {}),
      evidence: facts.evidence,
      duplicateDeclared: facts.duplicateDeclared,
      address: cand.address ?? null,
    });
  }
  return { conflicts: out, victims };
}
