// What the restart manager does to the runtime: restart one container as attempt+1, or re-create a pod whose
// sandbox died (SandboxChanged). Each step re-checks that the pod still exists, so `podlab rm` is never undone.
import type { ContainerStatus, Runtime, SandboxStatus } from '../runtime/runtime';
import { runPreStops, startWithHooks } from '../pods/hooks';
import { RuntimeError } from '../runtime/runtime';
import { attemptOf, LABEL_BACKOFF, LABEL_POD, LABEL_SANDBOX_CHANGED } from '../runtime/vocabulary';
import { newestAttempts, removeOlderAttempts } from './previous';
import { advanceInit, isInit } from './init-phase';
import { LABEL_AWAIT_INIT } from '../pods/names';
import { listPodlabContainers } from '../pods/guard';
import { nextAppConfig, nextSandboxConfig } from './recreate';

async function gone(rt: Runtime, id: string): Promise<boolean> {
  try {
    return (await rt.containers.status(id)) === null;
  } catch {
    return false;
  }
}

/** Creates something, or null when its attempt name exists already (another podlab process got there first). */
async function once<T>(create: Promise<T>): Promise<T | null> {
  return create.catch((err: unknown) => {
    if (err instanceof RuntimeError && err.code === 'conflict') return null;
    throw err;
  });
}

/** Restarts one container: a new one with attempt+1 (and the next back-off step); the old one stays dead for logs --previous. */
export async function restartContainer(rt: Runtime, old: ContainerStatus, sandbox: SandboxStatus, step: number): Promise<number | null> {
  const attempt = attemptOf(old) + 1;
  // A container of a re-run init phase stays one (the phase goes on from its new attempt).
  const phase: Record<string, string> = old.labels[LABEL_AWAIT_INIT] === 'true' ? { [LABEL_AWAIT_INIT]: 'true' } : {};
  const created = await once(rt.containers.create(nextAppConfig(old, sandbox, attempt, { [LABEL_BACKOFF]: String(step), ...phase })));
  if (!created) return null;
  // `podlab rm` may have removed the pod while we created: then the new container must not outlive it.
  if ((await gone(rt, old.id)) || (await gone(rt, sandbox.id))) {
    await rt.containers.remove(created).catch(() => undefined);
    return null;
  }
  await removeOlderAttempts(rt, old).catch(() => undefined);
  // A start that fails is this attempt's outcome, not the manager's: the model shows it and the back-off goes on from it.
  await startWithHooks(rt, created).catch(() => undefined);
  return attempt;
}

/**
 * SandboxChanged in the kubelet's order (SyncPod after computePodActions): the pod is killed first — preStop hooks,
 * then every container — and only then is the new sandbox (attempt+1, new netns) created and the containers made
 * again in it, init containers first. The dead sandbox stays until the new one exists (the kubelet keeps a stopped
 * sandbox until its garbage collection): while it is there, `podlab rm` has not taken the pod.
 */
export async function recreatePod(rt: Runtime, sandbox: SandboxStatus, appIds: string[]): Promise<number | null> {
  // Re-check: `podlab rm` may be removing this pod right now.
  const still = await rt.sandboxes.status(sandbox.id).catch(() => null);
  if (!still || still.state === 'running') return null;
  // The kubelet records SandboxChanged when it decides, before it kills anything: the timeline reads in that order.
  const decided = new Date().toISOString();
  const all = (await Promise.all(appIds.map((id) => rt.containers.status(id).catch(() => null)))).filter((x) => x !== null);
  // Nothing left to make again: `podlab rm` (or another podlab process) is taking this pod apart already.
  if (all.length === 0) return null;
  // One container per name comes back: the newest attempt (the one kept for logs --previous goes with the old sandbox).
  const apps = newestAttempts(all);
  const attempt = attemptOf(sandbox) + 1;
  // Kill the pod: the old containers still run in the dead sandbox's namespaces; their preStop hooks run before they go.
  await runPreStops(rt, apps.filter((a) => a.state === 'running').map((a) => a.id));
  await Promise.all(all.map((a) => rt.containers.remove(a.id).catch(() => undefined)));
  if (await gone(rt, sandbox.id)) return null;
  // Only now the new sandbox; made once the old pod is known to be still there, and undone if `rm` took it meanwhile.
  const created = await once(rt.sandboxes.run(nextSandboxConfig(sandbox, attempt, { [LABEL_SANDBOX_CHANGED]: decided })));
  if (!created) return null;
  if (await gone(rt, sandbox.id)) {
    await rt.sandboxes.remove(created.id).catch(() => undefined);
    return null;
  }
  await rt.sandboxes.remove(sandbox.id).catch(() => undefined);
  await created.started;
  const fresh = await rt.sandboxes.status(created.id);
  if (!fresh) return null;
  if (!apps.some(isInit)) {
    await Promise.all(
      apps.map(async (a) => {
        const id = await rt.containers.create(nextAppConfig(a, fresh, attemptOf(a) + 1, { [LABEL_BACKOFF]: '0' }));
        await startWithHooks(rt, id).catch(() => undefined); // a failing start shows in the model like any other failure
      }),
    );
    return attempt;
  }
  // With init containers the kubelet runs them again, in order, before the apps: all are made now and wait `created`.
  await Promise.all(apps.map((a) => rt.containers.create(nextAppConfig(a, fresh, attemptOf(a) + 1, { [LABEL_BACKOFF]: '0', [LABEL_AWAIT_INIT]: 'true' }))));
  const made = await listPodlabContainers(rt, fresh.labels[LABEL_POD] ?? '');
  const statuses = await Promise.all(made.filter((c) => c.id !== fresh.id).map((c) => rt.containers.status(c.id).catch(() => null)));
  await advanceInit(rt, statuses.filter((x) => x !== null));
  return attempt;
}
