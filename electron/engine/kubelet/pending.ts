// A pod left Pending because its hostPort was taken: like the scheduler retrying a Pending pod, the restart manager
// tries its sandbox again now and then, and once the port is free creates the app containers launch could not.
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { LABEL_UID } from '../../../shared/model';
import { parseHostPortError } from '../../../shared/conflicts/hosterror';
import { appOptions } from '../pods/create';
import { podSpecFromLabels } from '../pods/spec';

/**
 * Podman records no start error on the container: a sandbox that publishes hostPorts and has stayed created, never
 * started, this long is taken as one whose start failed (a launch starts its sandbox right after creating it).
 */
export const UNRECORDED_START_MS = 10_000;

/** How long until a created, never started sandbox without a recorded error counts as Pending (0: it does; -1: never). */
export function unrecordedStartWait(sandbox: ContainerInspectInfo, now = Date.now()): number {
  const s = sandbox.State;
  const neverStarted = !s.StartedAt || s.StartedAt.startsWith('0001-');
  const publishes = Object.values(sandbox.HostConfig?.PortBindings ?? {}).some((b) => Array.isArray(b) && b.length > 0);
  if (s.Status !== 'created' || s.Error || !neverStarted || !publishes) return -1;
  return Math.max(0, Date.parse(sandbox.Created) + UNRECORDED_START_MS - now);
}

/** True for a sandbox that never ran because its hostPort was taken (the engine said so, or — Podman — said nothing). */
export function isHostPortPending(sandbox: ContainerInspectInfo, now = Date.now()): boolean {
  if (sandbox.State.Status !== 'created') return false;
  return parseHostPortError(sandbox.State.Error ?? '') != null || unrecordedStartWait(sandbox, now) === 0;
}

/**
 * Tries to start the sandbox; when it starts, starts the pod's app containers (creating those launch never
 * created). Resolves to false while the port is still taken.
 */
export async function retryPendingPod(docker: Docker, sandbox: ContainerInspectInfo, apps: ContainerInfo[]): Promise<boolean> {
  try {
    await docker.getContainer(sandbox.Id).start();
  } catch {
    return false;
  }
  const spec = podSpecFromLabels(sandbox.Config.Labels);
  const uid = sandbox.Config.Labels?.[LABEL_UID];
  const existing = new Set(apps.map((a) => a.Labels['io.podlab.container']));
  const toCreate = spec && uid ? spec.containers.filter((c) => !existing.has(c.name)) : [];
  await Promise.all([
    ...apps.map((a) => docker.getContainer(a.Id).start().catch(() => undefined)),
    ...toCreate.map(async (c) => {
      const created = await docker.createContainer(appOptions(spec!, c, sandbox.Id, uid!, 0));
      await created.start().catch(() => undefined); // a failing start shows in the model like any other failure
    }),
  ]);
  return true;
}
