// The kubelet's pod start after the sandbox: init containers one by one to completion (restarted with the back-off
// on failure unless restartPolicy is Never, which fails the pod), native sidecars started in order and left running,
// then the app containers — created once the sandbox has its IP, so status.podIP can be in their environment.
import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import type { ConfigObject, ContainerSpec, PodSpec } from '../../../shared/manifest/types';
import { containerEnv, needsPodIP, type NodeFacts } from '../../../shared/manifest/env';
import { backoffDelay, backoffFromEnv } from '../../../shared/conflicts/backoff';
import { appOptions, type RunFacts } from './create';
import { engineErrorInfo } from './errors';
import { podKey } from './names';
import { runProbeOnce } from './probe-exec';
import { readFileKeyRefs } from './filekeys';

/** How a launch's init phase ended; the pod's model shows the same (Init:N/M, Init:Error, Init:CrashLoopBackOff). */
export type InitOutcome = { done: true } | { done: false; container: string; reason: 'Init:Error' | 'Init:CrashLoopBackOff' | 'Init:Timeout' | 'Init:StartError'; message: string };

/** True when the pod cannot start its apps alongside the sandbox: init containers, or env needing the pod's IP. */
export function needsSequence(pod: PodSpec): boolean {
  return (pod.initContainers?.length ?? 0) > 0 || pod.containers.some(needsPodIP);
}

/** What the kubelet knows about the node and the pod's sandbox when it creates containers. */
export async function nodeFacts(docker: Docker, sandbox: ContainerInspectInfo | null, uid: string, pod: PodSpec): Promise<NodeFacts> {
  const net = Object.values(sandbox?.NetworkSettings?.Networks ?? {})[0];
  const wantsNode = JSON.stringify(pod).includes('resourceFieldRef');
  const info = wantsNode ? await docker.info().catch(() => null) : null;
  // On the bridge the node is its gateway; with hostNetwork the pod's IP is the node's.
  const hostIP = net?.Gateway || '127.0.0.1';
  return { podIP: pod.hostNetwork ? hostIP : (net?.IPAddress ?? ''), hostIP, uid, cpus: info?.NCPU ?? 1, memoryBytes: info?.MemTotal ?? 0 };
}

export interface InitContext {
  docker: Docker;
  pod: PodSpec;
  objects: ConfigObject[];
  uid: string;
  sandboxId: string;
  node: NodeFacts;
  mountpoints: Map<string, string>;
  /** Bounds how long a launch waits for one init container (it keeps running after that: the pod stays Init:N/M). */
  timeoutMs?: number;
}

export function runFacts(ctx: InitContext, c: ContainerSpec, fileValues?: Map<string, string>, initIndex?: number): RunFacts {
  return { env: containerEnv(c, ctx.pod, ctx.objects, ctx.node, fileValues), mountpoints: ctx.mountpoints, ...(initIndex !== undefined ? { initIndex } : {}) };
}

function podRef(ctx: InitContext): PodSpec & { podName: string } {
  return { ...ctx.pod, name: podKey(ctx.pod), podName: ctx.pod.name };
}

async function waitExit(docker: Docker, id: string, timeoutMs: number): Promise<number | null> {
  const timer = new Promise<null>((r) => setTimeout(() => r(null), timeoutMs).unref());
  const exit = docker
    .getContainer(id)
    .wait()
    .then((w: { StatusCode: number }) => w.StatusCode);
  return Promise.race([exit, timer]);
}

/** A native sidecar counts as started once it runs and its startupProbe (exec) has passed, bounded. */
async function sidecarStarted(ctx: InitContext, c: ContainerSpec, id: string): Promise<boolean> {
  const deadline = Date.now() + (ctx.timeoutMs ?? 60_000);
  const period = (c.startupProbe?.periodSeconds ?? 1) * 1000;
  for (let i = 0; i < 600 && Date.now() < deadline; i += 1) {
    const st = (await ctx.docker.getContainer(id).inspect()).State;
    if (!st.Running) return false;
    if (!c.startupProbe || (await runProbeOnce(ctx.docker, id, c.startupProbe, ctx.node.podIP))) return true;
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
    for (let attempt = 0; ; attempt += 1) {
      let id: string;
      try {
        id = (await ctx.docker.createContainer(appOptions(podRef(ctx), c, ctx.sandboxId, ctx.uid, attempt, runFacts(ctx, c, undefined, index)))).id;
        await ctx.docker.getContainer(id).start();
      } catch (err) {
        return { done: false, container: c.name, reason: 'Init:StartError', message: engineErrorInfo(err).message };
      }
      if (c.restartPolicy === 'Always') {
        if (await sidecarStarted(ctx, c, id)) break;
        return { done: false, container: c.name, reason: 'Init:Error', message: `native sidecar ${c.name} did not start (its startupProbe did not pass)` };
      }
      const code = await waitExit(ctx.docker, id, ctx.timeoutMs ?? 300_000);
      if (code === 0) break;
      if (code === null) return { done: false, container: c.name, reason: 'Init:Timeout', message: `init container ${c.name} is still running; the pod stays Init:${index}/${inits.length}` };
      if (ctx.pod.restartPolicy === 'Never') return { done: false, container: c.name, reason: 'Init:Error', message: `init container ${c.name} exited ${code}; with restartPolicy Never the pod fails` };
      if (attempt >= retries) return { done: false, container: c.name, reason: 'Init:CrashLoopBackOff', message: `init container ${c.name} exited ${code} ${attempt + 1} times; the kubelet would keep restarting it with back-off` };
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, backoff)));
      // The kubelet keeps the last terminated attempt for `logs --previous`; older ones go.
      if (attempt > 0) await removeAttempt(ctx.docker, c, attempt - 1, ctx);
    }
  }
  return { done: true };
}

async function removeAttempt(docker: Docker, c: ContainerSpec, attempt: number, ctx: InitContext): Promise<void> {
  const name = appOptions(podRef(ctx), c, ctx.sandboxId, ctx.uid, attempt).name!;
  await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
}

/** Create options of the app containers, with env resolved now that init containers have written their files. */
export async function appCreateFacts(ctx: InitContext): Promise<Map<string, RunFacts>> {
  const fileValues = await readFileKeyRefs(ctx);
  return new Map(ctx.pod.containers.map((c) => [c.name, runFacts(ctx, c, fileValues)]));
}
