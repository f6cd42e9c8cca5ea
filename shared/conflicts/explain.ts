// The sentences a learner reads for each conflict, built as message codes from the conflict's facts (victim, port,
// holder, evidence, whether both containers declared the port) and rendered by shared/i18n, so the CLI, the UI and
// the exporters say exactly the same thing in English and in Korean.
import type { Conflict, ConflictParty, PodModel, Protocol, RestartPolicy } from '../model';
import { msg, render, type Lang, type Message } from '../i18n/message';

export interface PodPortFacts {
  victim: string;
  exitCode: number | null;
  protocol: Protocol;
  port: number;
  /** Address the victim asked for, when known (from its log line). */
  address?: string | null;
  netns: string | null;
  holder: { container: string | null; process: string | null; pid: number | null; address?: string | null };
  /**
   * 'log': the victim's log names the port; 'declared': guessed from its declared port and the socket table;
   * 'guessed': its log says a bind failed without a port, the port is guessed from its command/env (see `guess`).
   */
  evidence: 'log' | 'declared' | 'guessed';
  /** With 'declared': the port is not in the victim's `ports:` but on its command line (`httpd -p 6000`). */
  fromCommand?: true;
  guess?: { source: 'command' | 'env'; word: string; confidence: 'likely' | 'possible' };
  restartPolicy: RestartPolicy;
  /** Both containers declare this containerPort in the manifest (the API server warns). */
  duplicateDeclared: boolean;
}

const wildcard = (a: string | null | undefined): boolean => !a || a === '0.0.0.0' || a === '::';
const on = (code: 'conflict.onAddress' | 'conflict.holderOnAddress', a: string | null | undefined): Message | null => (wildcard(a) ? null : msg(code, { address: a ?? '' }));

function proc(process: string | null | undefined, pid: number | null | undefined): Message | string | null {
  if (process) return pid ? msg('conflict.processPid', { process, pid }) : process;
  return pid ? msg('conflict.pid', { pid }) : null;
}

function podPortHolder(h: PodPortFacts['holder']): Message {
  const p = proc(h.process, h.pid);
  const where = on('conflict.holderOnAddress', h.address);
  if (h.container) return p ? msg('conflict.heldByContainerProc', { container: h.container, proc: p, on: where }) : msg('conflict.heldByContainer', { container: h.container, on: where });
  return p ? msg('conflict.heldByProcess', { proc: p, on: where }) : msg('conflict.heldByUnknownSocket', { on: where });
}

function terminates(policy: RestartPolicy, exitCode: number | null): boolean {
  return policy === 'Never' || (policy === 'OnFailure' && exitCode === 0);
}

/** What Kubernetes would show for a container that keeps failing under this restartPolicy (short, as in the JSON). */
export function crashKubernetes(policy: RestartPolicy, exitCode: number | null, duplicateDeclared: boolean): Message {
  const status = terminates(policy, exitCode) ? msg('k8s.terminated', { status: exitCode === 0 ? 'Completed' : 'Error', policy }) : msg('k8s.crashLoop');
  return msg(duplicateDeclared ? 'k8s.crashDuplicate' : 'k8s.crash', { status });
}

/**
 * What Kubernetes would show for a container that keeps failing under this restartPolicy, without the "In Kubernetes"
 * lead (views add it in their language); the message carries the whole sentence.
 */
export function kubernetesForCrash(policy: RestartPolicy, exitCode: number | null, duplicateDeclared: boolean): string {
  return render(crashKubernetes(policy, exitCode, duplicateDeclared));
}

/** The first sentence of a pod-port conflict: victim, exit, port, netns and holder. */
export function podPortText(f: PodPortFacts): Message {
  const common = {
    victim: f.victim,
    exit: f.exitCode == null ? msg('conflict.failed') : msg('conflict.exited', { code: f.exitCode }),
    port: `${f.port}/${f.protocol}`,
    where: f.netns ? msg('conflict.netns', { netns: f.netns }) : msg('conflict.netnsUnnamed'),
    holder: podPortHolder(f.holder),
  };
  if (f.evidence === 'guessed' && f.guess) {
    const g = f.guess;
    return msg('conflict.podPortGuessed', {
      ...common,
      number: f.port,
      word: g.word,
      sure: msg(g.confidence === 'likely' ? 'conflict.sureLikely' : 'conflict.sureGuess'),
      source: msg(g.source === 'env' ? 'conflict.sourceEnv' : 'conflict.sourceCommand'),
    });
  }
  if (f.evidence === 'declared') return msg(f.fromCommand ? 'conflict.podPortInferredCommand' : 'conflict.podPortInferred', common);
  return msg('conflict.podPort', { ...common, on: on('conflict.onAddress', f.address) });
}

/** A pod-port conflict as messages: the whole sentence (with what Kubernetes would do) and the Kubernetes part alone. */
export function podPortMessages(f: PodPortFacts): { message: Message; kubernetes: Message } {
  const kubernetes = crashKubernetes(f.restartPolicy, f.exitCode, f.duplicateDeclared);
  return { message: msg('conflict.podPortWithKubernetes', { text: podPortText(f), kubernetes }), kubernetes };
}

/** The explanation of a port conflict inside one pod, in English. */
export function explainPodPort(f: PodPortFacts): { message: string; kubernetes: string } {
  const m = podPortMessages(f);
  return { message: render(m.message), kubernetes: render(m.kubernetes) };
}

export interface HostPortHolder {
  kind: 'pod' | 'container' | 'host' | 'unknown';
  /** Pod name (kind pod), container name (kind container), or null. */
  name: string | null;
  process?: string | null;
  pid?: number | null;
}

function hostPortHolder(h: HostPortHolder): Message {
  switch (h.kind) {
    case 'pod':
      return msg('conflict.heldByPod', { pod: h.name });
    case 'container':
      return msg('conflict.heldByOtherContainer', { container: h.name });
    case 'host':
      if (h.process) return h.pid ? msg('conflict.heldByHostProcessPid', { process: h.process, pid: h.pid }) : msg('conflict.heldByHostProcess', { process: h.process });
      return h.pid ? msg('conflict.heldByHostPid', { pid: h.pid }) : msg('conflict.heldByHostUnknown');
    default:
      return msg('conflict.heldByNothingVisible');
  }
}

/** The first sentence of a host-port conflict: the pod that cannot start, the port, and who holds it. */
export function hostPortText(pod: string, hostIp: string | null | undefined, hostPort: number, protocol: Protocol, holder: HostPortHolder): Message {
  return msg('conflict.hostPort', { pod, port: `${hostPort}/${protocol}`, on: on('conflict.onAddress', hostIp), holder: hostPortHolder(holder) });
}

/** Conflict.kubernetes of a host-port conflict as a message. */
export const HOSTPORT_KUBERNETES: Message = msg('k8s.hostPortPending');
/** Conflict.kubernetes of a host-port conflict; the message says it as "In Kubernetes the pod would stay Pending: …". */
export const KUBERNETES_HOSTPORT = render(HOSTPORT_KUBERNETES);

export function hostPortMessage(pod: string, hostIp: string | null | undefined, hostPort: number, protocol: Protocol, holder: HostPortHolder): Message {
  return msg('conflict.hostPortWithKubernetes', { text: hostPortText(pod, hostIp, hostPort, protocol, holder), kubernetes: HOSTPORT_KUBERNETES });
}

/** The explanation of a hostPort that is already taken on the host, in English. */
export function explainHostPort(pod: string, hostIp: string, hostPort: number, protocol: Protocol, holder: HostPortHolder): string {
  return render(hostPortMessage(pod, hostIp, hostPort, protocol, holder));
}

/** A conflict as one text: its sentence plus what Kubernetes would do, unless the sentence already says it. */
export function conflictText(c: Pick<Conflict, 'message' | 'kubernetes'>): string {
  return c.kubernetes && !c.message.includes(c.kubernetes) ? `${c.message} ${c.kubernetes}` : c.message;
}

// ---- A model conflict (its facts plus the pod's) back to the same messages, for views in any language ----

/** What a conflict's words need from its pod: the victim's exit code, restartPolicy, declared ports, netns. */
export type ConflictPod = Pick<PodModel, 'name' | 'containers' | 'restartPolicy' | 'namespaces'>;

function holderOfParty(h: ConflictParty): HostPortHolder {
  if (h.pod) return { kind: 'pod', name: h.pod };
  if (h.container) return { kind: 'container', name: h.container };
  return { kind: h.kind === 'host' ? 'host' : 'unknown', name: null, process: h.process ?? null, pid: h.pid ?? null };
}

/** The facts of a pod-port conflict, from the conflict and its pod (exit code, restartPolicy, declared ports). */
export function podPortFactsOf(c: Conflict, pod: ConflictPod | null): PodPortFacts {
  const declares = (name: string | null | undefined): boolean =>
    !!pod?.containers.find((x) => x.name === name)?.ports?.some((p) => p.containerPort === c.port && p.protocol === c.protocol);
  return {
    victim: c.victim.container ?? '?',
    exitCode: pod?.containers.find((x) => x.name === c.victim.container)?.exitCode ?? null,
    protocol: c.protocol,
    port: c.port,
    address: c.address ?? null,
    netns: c.netns ?? pod?.namespaces.net ?? null,
    holder: { container: c.holder.container, process: c.holder.process ?? null, pid: c.holder.pid ?? null, address: c.holder.address ?? null },
    evidence: c.evidence ?? (c.guess ? 'guessed' : 'log'),
    ...(c.guess ? { guess: c.guess } : {}),
    restartPolicy: pod?.restartPolicy ?? 'Always',
    duplicateDeclared: c.duplicateDeclared ?? (declares(c.victim.container) && declares(c.holder.container)),
  };
}

export interface Explanation {
  /** The sentence naming victim, port and holder. */
  text: string;
  /** What Kubernetes would do, as a lesson (longer than the JSON's `kubernetes`). */
  kubernetes: string;
  /** The engine's own English sentence (the JSON `message`). */
  original: string;
}

/** One conflict explained in `lang` from its facts; `pod` supplies the victim's exit code, restartPolicy and ports. */
export function explainConflict(lang: Lang, c: Conflict, pod: ConflictPod | null): Explanation {
  if (c.kind === 'host-port') {
    const text = hostPortText(c.victim.pod ?? pod?.name ?? '?', c.hostIp, c.port, c.protocol, holderOfParty(c.holder));
    return { text: render(text, lang), kubernetes: render(HOSTPORT_KUBERNETES, lang), original: c.message };
  }
  const f = podPortFactsOf(c, pod);
  const status = terminates(f.restartPolicy, f.exitCode)
    ? msg('k8s.terminatedSentence', { status: f.exitCode === 0 ? 'Completed' : 'Error', policy: f.restartPolicy })
    : msg('k8s.crashLoopExplained');
  const kubernetes = f.duplicateDeclared ? msg('k8s.withDuplicate', { status, duplicate: msg('k8s.duplicateWarned') }) : status;
  return { text: render(podPortText(f), lang), kubernetes: render(kubernetes, lang), original: c.message };
}

/** A model conflict's whole message (its JSON `message`, as a code), from its facts and its pod's. */
export function conflictMessage(c: Conflict, pod: ConflictPod | null): Message {
  if (c.kind === 'host-port') return hostPortMessage(c.victim.pod ?? pod?.name ?? '?', c.hostIp, c.port, c.protocol, holderOfParty(c.holder));
  return podPortMessages(podPortFactsOf(c, pod)).message;
}
