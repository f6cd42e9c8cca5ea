// Conflict explanations and pod reasons in the UI's language, composed from the Conflict's structured fields
// (the engine's English sentence, shared/conflicts/explain.ts, stays available as the "original"). Pure: the
// translate function is passed in, so unit tests run both dictionaries without a DOM.
import type { Conflict, ConflictParty, PodModel, RestartPolicy } from '../../../../shared/model';
import type { MessageKey } from './en';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Fills {name} placeholders of one message. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** A translate function over one dictionary (the UI uses the live one in index.svelte.ts). */
export function translator(dict: Record<MessageKey, string>): Translate {
  return (key, params) => fill(dict[key], params);
}

const wildcard = (a: string | null | undefined): boolean => !a || a === '0.0.0.0' || a === '::';

function proc(h: ConflictParty): string | null {
  if (h.process) return h.pid ? `${h.process}, pid ${h.pid}` : h.process;
  return h.pid ? `pid ${h.pid}` : null;
}

function podPortHolder(tr: Translate, h: ConflictParty): string {
  const p = proc(h);
  if (h.container) return p ? tr('explain.heldByContainerProc', { container: h.container, proc: p }) : tr('explain.heldByContainer', { container: h.container });
  return p ? tr('explain.heldByProcess', { proc: p }) : tr('explain.heldByUnknownSocket');
}

function hostPortHolder(tr: Translate, h: ConflictParty): string {
  if (h.pod && h.pod !== '') return tr('explain.heldByPod', { pod: h.pod });
  if (h.container) return tr('explain.heldByOtherContainer', { container: h.container });
  if (h.kind === 'host') {
    const p = proc(h);
    return p ? tr('explain.heldByHostProcess', { proc: p }) : tr('explain.heldByHostUnknown');
  }
  return tr('explain.heldByNothingVisible');
}

/** What Kubernetes would do for a crashing container under this restartPolicy (without the "In Kubernetes" lead). */
export function kubernetesCrash(tr: Translate, policy: RestartPolicy, exitCode: number | null, duplicate: boolean): string {
  const stays = policy === 'Never' || (policy === 'OnFailure' && exitCode === 0);
  const status = stays ? tr('explain.k8sTerminated', { status: exitCode === 0 ? 'Completed' : 'Error', policy }) : tr('explain.k8sCrashLoop');
  return duplicate ? `${status} ${tr('explain.k8sDuplicate')}` : status;
}

export interface Explanation {
  /** The sentence naming victim, port and holder, in the UI's language. */
  text: string;
  /** What Kubernetes would do, in the UI's language. */
  kubernetes: string;
  /** The engine's own English sentence. */
  original: string;
}

/** One conflict explained from its fields; `pod` supplies the victim's exit code, restartPolicy and declared ports. */
// Ports always end in /tcp or /udp, read "…피" in Korean: the ko sentences can attach 는/가 directly.
export function explainConflict(tr: Translate, c: Conflict, pod: PodModel | null): Explanation {
  const port = `${c.port}/${c.protocol}`;
  if (c.kind === 'host-port') {
    const on = wildcard(c.hostIp) ? '' : tr('explain.onAddress', { address: c.hostIp ?? '' });
    const text = tr('explain.hostPort', { pod: c.victim.pod ?? pod?.name ?? '?', port, on, holder: hostPortHolder(tr, c.holder) });
    return { text, kubernetes: tr('explain.k8sPending'), original: c.message };
  }
  const victim = pod?.containers.find((x) => x.name === c.victim.container) ?? null;
  const code = victim?.exitCode ?? null;
  const exit = code == null ? tr('explain.failed') : tr('explain.exited', { code });
  const ns = c.netns ?? pod?.namespaces.net ?? null;
  const where = ns ? tr('explain.netns', { netns: ns }) : tr('explain.netnsUnnamed');
  const declares = (name: string | null | undefined): boolean =>
    !!pod?.containers.find((x) => x.name === name)?.ports?.some((p) => p.containerPort === c.port && p.protocol === c.protocol);
  const duplicate = /duplicate port definition/.test(c.kubernetes ?? c.message) || (declares(c.victim.container) && declares(c.holder.container));
  const params = { victim: c.victim.container ?? '?', exit, port, where, holder: podPortHolder(tr, c.holder) };
  // The engine says "most likely" when no log line proves the bind failure (inferred from declared port + sockets);
  // `guess`: the log says a bind failed but names no port, which was guessed from the command line or environment.
  const g = c.guess;
  const text = g
    ? tr('explain.podPortGuessed', {
        ...params,
        number: c.port,
        word: g.word,
        sure: tr(g.confidence === 'likely' ? 'explain.sureLikely' : 'explain.sureGuess'),
        source: tr(g.source === 'env' ? 'explain.sourceEnv' : 'explain.sourceCommand'),
      })
    : /most likely/.test(c.message)
      ? tr('explain.podPortInferred', params)
      : tr('explain.podPort', params);
  return { text, kubernetes: kubernetesCrash(tr, pod?.restartPolicy ?? 'Always', code, duplicate), original: c.message };
}

/** A pod's phase reason (shared/phase.ts, the host-port detector) in the UI's language; unknown ones as they are. */
export function podReason(tr: Translate, reason: string | null | undefined): string | null {
  if (!reason) return null;
  const fixed: Record<string, MessageKey> = {
    'the pod sandbox is gone': 'reason.sandboxGone',
    'a container exited with an error': 'reason.containerError',
    'the pod sandbox is not running (SandboxChanged)': 'reason.sandboxNotRunningChanged',
    'no containers yet': 'reason.noContainers',
    'containers are waiting to be restarted': 'reason.waitingRestart',
  };
  const key = fixed[reason];
  if (key) return tr(key);
  const sb = /^the pod sandbox is (\w+)$/.exec(reason);
  if (sb) return tr('reason.sandboxState', { state: sb[1] ?? '' });
  const hp = /^hostPort (\d+\/\w+) is already allocated(?: to pod (.+))?$/.exec(reason);
  if (hp) return hp[2] ? tr('reason.hostPortAllocatedTo', { port: hp[1] ?? '', pod: hp[2] }) : tr('reason.hostPortAllocated', { port: hp[1] ?? '' });
  return reason; // Kubernetes words (ContainerCreating, CrashLoopBackOff…) stay as they are
}

/** A container's message (kubelet/model sentences about stranded netns or an unattributed bind failure) in the UI's
 *  language; anything else (e.g. Docker's own error text) as it is. */
export function containerMessage(tr: Translate, message: string | null | undefined): string | null {
  if (!message) return null;
  const stranded = /^(\S+) still runs, but its network namespace lost eth0 with the dead sandbox: only lo is left\. (.*)$/.exec(message);
  if (stranded) {
    const k8s = /restartPolicy Never/.test(stranded[2] ?? '') ? tr('message.strandedNever') : tr('message.strandedSandboxChanged');
    return `${tr('message.stranded', { container: stranded[1] ?? '' })} ${k8s}`;
  }
  const netns = /^stranded in (\S+), not the pod's (\S+): the sandbox was restarted \(SandboxChanged\)$/.exec(message);
  if (netns) return tr('message.strandedNetns', { old: netns[1] ?? '', now: netns[2] ?? '' });
  const bind = /^(\S+) exited \((-?\d+)\): its bind failed \("(.*)"\), but podlab cannot tell which port\.$/.exec(message);
  if (bind) return tr('message.bindFailedUnknownPort', { container: bind[1] ?? '', code: bind[2] ?? '', line: bind[3] ?? '' });
  return message;
}
