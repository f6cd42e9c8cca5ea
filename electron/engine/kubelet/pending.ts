// A pod left Pending because its hostPort was taken: like the scheduler retrying a Pending pod, the restart manager
// tries its sandbox again now and then, and once the port is free creates the app containers launch could not.
import { parseHostPortError } from '../../../shared/conflicts/hosterror';
import { startWithHooks } from '../pods/hooks';
import type { ContainerSummary, Runtime, SandboxStatus } from '../runtime/runtime';
import { LABEL_CONTAINER, LABEL_UID } from '../runtime/vocabulary';
import { appConfig } from '../pods/create';
import { podSpecFromLabels } from '../pods/spec';
import { UNRECORDED_START_MS } from './state';

// Podman records no start error on the container: a sandbox that publishes hostPorts and has stayed created, never
// started, UNRECORDED_START_MS is taken as one whose start failed (a launch starts its sandbox right after creating it).
export { UNRECORDED_START_MS } from './state';

/** How long until a created, never started sandbox without a recorded error counts as Pending (0: it does; -1: never). */
export function unrecordedStartWait(sandbox: SandboxStatus, now = Date.now()): number {
  if (sandbox.state !== 'created' || sandbox.error || sandbox.startedAt || sandbox.ports.length === 0) return -1;
  return Math.max(0, Date.parse(sandbox.createdAt) + UNRECORDED_START_MS - now);
}

/** True for a sandbox that never ran because its hostPort was taken (the engine said so, or — Podman — said nothing). */
export function isHostPortPending(sandbox: SandboxStatus, now = Date.now()): boolean {
  if (sandbox.state !== 'created') return false;
  return parseHostPortError(sandbox.error) != null || unrecordedStartWait(sandbox, now) === 0;
}

/**
 * Tries to start the sandbox; when it starts, starts the pod's app containers (creating those launch never
 * created). Resolves to false while the port is still taken.
 */
export async function retryPendingPod(rt: Runtime, sandbox: SandboxStatus, apps: ContainerSummary[]): Promise<boolean> {
  // The id it runs under: a CRI runtime replaces its Pending record by a new sandbox.
  let sandboxId: string;
  try {
    sandboxId = await rt.sandboxes.start(sandbox.id);
  } catch {
    return false;
  }
  const spec = podSpecFromLabels(sandbox.labels);
  const uid = sandbox.labels[LABEL_UID];
  const existing = new Set(apps.map((a) => a.labels[LABEL_CONTAINER]));
  const toCreate = spec && uid ? spec.containers.filter((c) => !existing.has(c.name)) : [];
  await Promise.all([
    ...apps.map((a) => startWithHooks(rt, a.id).catch(() => undefined)),
    ...toCreate.map(async (c) => {
      const id = await rt.containers.create(appConfig(spec!, c, sandboxId, uid!, 0));
      await startWithHooks(rt, id).catch(() => undefined); // a failing start shows in the model like any other failure
    }),
  ]);
  return true;
}
