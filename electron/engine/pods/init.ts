// The kubelet's pod start after the sandbox: init containers one by one to completion (restarted with the back-off
// on failure unless restartPolicy is Never, which fails the pod), native sidecars started in order and left running,
// then the app containers — created once the sandbox has its IP, so status.podIP can be in their environment.
import { cpus, totalmem } from 'node:os';
import { startWithHooks } from './hooks';
import type { ConfigObject, ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerEnv, needsPodIP, type NodeFacts } from '../../../shared/manifest/env';
import { backoffDelay, backoffFromEnv } from '../../../shared/conflicts/backoff';
import type { Runtime, SandboxStatus } from '../runtime/runtime';
import { appConfig, type AppPod, type RunFacts } from './create';
import { podKey } from './names';
import { runProbeOnce } from './probe-exec';
import { readFileKeyRefs } from './filekeys';

/** How a launch's init phase ended; the pod's model shows the same (Init:N/M, Init:Error, Init:CrashLoopBackOff). */
export type InitOutcome = { done: true } | { done: false; container: string; reason: 'Init:Error' | 'Init:CrashLoopBackOff' | 'Init:Timeout' | 'Init:StartError'; message: string };

/** True when the pod cannot start its apps alongside the sandbox: init containers, or env needing the pod's IP. */
export function needsSequence(pod: PodSpec): boolean {
  return (pod.initContainers?.length ?? 0) > 0 || pod.containers.some(needsPodIP) || pod.containers.some((c) => (c.env ?? []).some((e) => e.valueFrom && 'fileKeyRef' in e.valueFrom));
}

/** What the kubelet knows about the node and the pod's sandbox when it creates containers. */
export function nodeFacts(sandbox: SandboxStatus | null, uid: string, pod: PodSpec): NodeFacts {
  // On the bridge the node is the gateway; with hostNetwork the pod's IP is the node's. Capacity is this machine's.
  const hostIP = sandbox?.network?.gateway || '127.0.0.1';
  return { podIP: pod.hostNetwork ? hostIP : (sandbox?.network?.ip ?? ''), hostIP, uid, cpus: cpus().length, memoryBytes: totalmem() };
}

export interface InitContext {
  rt: Runtime;
  pod: PodSpec;
  objects: ConfigObject[];
  uid: string;
  sandboxId: string;
  node: NodeFacts;
  mountpoints: Map<string, string>;
  helperImage: string;
  /** Bounds how long a launch waits for one init container (it keeps running after that: the pod stays Init:N/M). */
  timeoutMs?: number;
}

export function runFacts(ctx: InitContext, c: ContainerSpec, fileValues?: Map<string, string>, initIndex?: number): RunFacts {
  return { env: containerEnv(c, ctx.pod, ctx.objects, ctx.node, fileValues), mountpoints: ctx.mountpoints, ...(initIndex !== undefined ? { initIndex } : {}) };
}

export function podRef(pod: PodSpec): AppPod {
  return { ...pod, name: podKey(pod) };
}

/** Polls the container until it exits (bounded); its exit code, or null when it still runs after `timeoutMs`. */
async function waitExit(rt: Runtime, id: string, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1_000_000 && Date.now() < deadline; i += 1) {
    const st = await rt.containers.status(id);
    if (!st) return -1;
    if (st.state === 'exited' || st.state === 'dead') return st.exitCode;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/** A native sidecar counts as started once it runs and its startupProbe has passed (bounded). */
async function sidecarStarted(ctx: InitContext, c: ContainerSpec, id: string): Promise<boolean> {
  const deadline = Date.now() + (ctx.timeoutMs ?? 60_000);
  const period = (c.startupProbe?.periodSeconds ?? 1) * 1000;
  for (let i = 0; i < 600 && Date.now() < deadline; i += 1) {
    const st = await ctx.rt.containers.status(id);
    if (st?.state !== 'running') return false;
    if (!c.startupProbe || (await runProbeOnce(ctx.rt, id, c.startupProbe, ctx.node.podIP, c))) return true;
    await new Promise((r) => setTimeout(r, period));
  }
  return false;
}

/** Runs spec.initContainers in order; the caller creates the app containers only on `done`. */
export async function runInitContainers(ctx: InitContext): Promise<InitOutcome> {
  const inits = ctx.pod.initContainers ?? [];
  const backoff = backoffFromEnv(process.env);
  const retries = Number(process.env.PODLAB_INIT_RETRIES ?? 2);
  for (const [index, c] of inits.entries()) {
    const attempts: string[] = [];
    for (let attempt = 0; ; attempt += 1) {
      let id: string;
      try {
        id = await ctx.rt.containers.create(appConfig(podRef(ctx.pod), c, ctx.sandboxId, ctx.uid, attempt, runFacts(ctx, c, undefined, index)));
        await startWithHooks(ctx.rt, id);
      } catch (err) {
        return { done: false, container: c.name, reason: 'Init:StartError', message: err instanceof Error ? err.message : String(err) };
      }
      // The kubelet keeps the last terminated attempt for `logs --previous`; older ones go.
      attempts.push(id);
      if (attempts.length > 2) await ctx.rt.containers.remove(attempts.shift()!).catch(() => undefined);
      if (c.restartPolicy === 'Always') {
        if (await sidecarStarted(ctx, c, id)) break;
        return { done: false, container: c.name, reason: 'Init:Error', message: `native sidecar ${c.name} did not start (its startupProbe did not pass)` };
      }
      const code = await waitExit(ctx.rt, id, ctx.timeoutMs ?? 300_000);
      if (code === 0) break;
      if (code === null) return { done: false, container: c.name, reason: 'Init:Timeout', message: `init container ${c.name} is still running; the pod stays Init:${index}/${inits.length}` };
      if (ctx.pod.restartPolicy === 'Never') return { done: false, container: c.name, reason: 'Init:Error', message: `init container ${c.name} exited ${code}; with restartPolicy Never the pod fails` };
      if (attempt >= retries) return { done: false, container: c.name, reason: 'Init:CrashLoopBackOff', message: `init container ${c.name} exited ${code} ${attempt + 1} times; the kubelet would keep restarting it with back-off` };
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, backoff)));
    }
  }
  return { done: true };
}

/** The app containers' run facts, with env resolved now that init containers have written their files. */
export async function appRunFacts(ctx: InitContext): Promise<Map<string, RunFacts>> {
  const fileValues = await readFileKeyRefs(ctx);
  return new Map(ctx.pod.containers.map((c) => [c.name, runFacts(ctx, c, fileValues)]));
}
