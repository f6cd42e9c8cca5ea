// The sentences a learner reads for each conflict: one or two plain sentences naming port, holder and victim,
// plus what Kubernetes would do. Pure, so the CLI, the UI and the exporters say exactly the same thing.
import type { Conflict, Protocol, RestartPolicy } from '../model';

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
  guess?: { source: 'command' | 'env'; word: string; confidence: 'likely' | 'possible' };
  restartPolicy: RestartPolicy;
  /** Both containers declare this containerPort in the manifest (the API server warns). */
  duplicateDeclared: boolean;
}

function holderText(h: PodPortFacts['holder']): string {
  const proc = h.process ? `${h.process}${h.pid ? `, pid ${h.pid}` : ''}` : h.pid ? `pid ${h.pid}` : null;
  const where = h.address && h.address !== '0.0.0.0' && h.address !== '::' ? ` on ${h.address}` : '';
  if (h.container) return `held by container ${h.container}${proc ? ` (${proc})` : ''}${where}`;
  if (proc) return `held by ${proc}${where}, whose container podlab could not tell`;
  return `held by a socket whose owner podlab could not read${where}`;
}

/**
 * What Kubernetes would show for a container that keeps failing under this restartPolicy, without the "In Kubernetes"
 * lead (views add it in their language); the message carries the whole sentence.
 */
export function kubernetesForCrash(policy: RestartPolicy, exitCode: number | null, duplicateDeclared: boolean): string {
  const status =
    policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)
      ? `the container stays Terminated (${exitCode === 0 ? 'Completed' : 'Error'}) because restartPolicy is ${policy}`
      : 'CrashLoopBackOff';
  return `${status}${duplicateDeclared ? '; the API server would have warned: duplicate port definition' : ''}.`;
}

/** The explanation of a port conflict inside one pod. */
export function explainPodPort(f: PodPortFacts): { message: string; kubernetes: string } {
  const exit = f.exitCode == null ? 'failed' : `exited (${f.exitCode})`;
  const ns = f.netns ? `this pod's network namespace ${f.netns}` : "this pod's network namespace";
  const wanted = f.address && f.address !== '0.0.0.0' && f.address !== '::' ? ` on ${f.address}` : '';
  const kubernetes = kubernetesForCrash(f.restartPolicy, f.exitCode, f.duplicateDeclared);
  const first =
    f.evidence === 'guessed' && f.guess
      ? `${f.victim} ${exit}: its bind failed, most likely on port ${f.port}/${f.protocol}, in use in ${ns} — ${holderText(f.holder)}. ` +
        `How sure: ${f.guess.confidence === 'likely' ? 'likely' : 'a guess'} — its ${f.guess.source === 'env' ? 'environment' : 'command'} names ${f.port} ` +
        `("${f.guess.word}") and ${f.port}/${f.protocol} is held in this pod; its log and manifest name no port.`
      : f.evidence === 'log'
      ? `${f.victim} ${exit}: port ${f.port}/${f.protocol}${wanted} is already in use in ${ns} — ${holderText(f.holder)}.`
      : `${f.victim} ${exit}, most likely because port ${f.port}/${f.protocol}, which it declares, is already in use in ${ns} — ` +
        `${holderText(f.holder)}. (Its log does not say why it failed; this is inferred from its declared port and the pod's sockets.)`;
  return { message: `${first} In Kubernetes: ${kubernetes}`, kubernetes };
}

export interface HostPortHolder {
  kind: 'pod' | 'container' | 'host' | 'unknown';
  /** Pod name (kind pod), container name (kind container), or null. */
  name: string | null;
  process?: string | null;
  pid?: number | null;
}

/** Conflict.kubernetes of a host-port conflict; the message says it as "In Kubernetes the pod would stay Pending: …". */
export const KUBERNETES_HOSTPORT = "the pod would stay Pending: node(s) didn't have free ports for the requested pod ports.";

/** The explanation of a hostPort that is already taken on the host. */
export function explainHostPort(pod: string, hostIp: string, hostPort: number, protocol: Protocol, holder: HostPortHolder): string {
  const on = hostIp && hostIp !== '0.0.0.0' && hostIp !== '::' ? ` on ${hostIp}` : '';
  let by: string;
  switch (holder.kind) {
    case 'pod':
      by = `held by pod ${holder.name} (its sandbox publishes it)`;
      break;
    case 'container':
      by = `held by container ${holder.name}, which is not a podlab pod`;
      break;
    case 'host':
      by = holder.process
        ? `held by the host process ${holder.process}${holder.pid ? ` (pid ${holder.pid})` : ''}`
        : holder.pid
          ? `held by host process pid ${holder.pid}`
          : 'held by a process on the host (podlab cannot read which one)';
      break;
    default:
      by = 'held by something podlab cannot see';
  }
  return `Pod ${pod} cannot start: hostPort ${hostPort}/${protocol}${on} is already taken on this host — ${by}. In Kubernetes ${KUBERNETES_HOSTPORT}`;
}

/** A conflict as one text: its sentence plus what Kubernetes would do, unless the sentence already says it. */
export function conflictText(c: Pick<Conflict, 'message' | 'kubernetes'>): string {
  return c.kubernetes && !c.message.includes(c.kubernetes) ? `${c.message} ${c.kubernetes}` : c.message;
}
