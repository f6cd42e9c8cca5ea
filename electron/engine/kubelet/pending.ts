// A pod left Pending because its hostPort was taken: like the scheduler retrying a Pending pod, the restart manager
// tries its sandbox again now and then, and once the port is free creates the app containers launch could not.
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { LABEL_UID } from '../../../shared/model';
import { parseHostPortError } from '../../../shared/conflicts/hosterror';
import { appOptions } from '../pods/create';
import { podSpecFromLabels } from '../pods/spec';
import { createContainer } from '../pods/create-call';

/** True for a sandbox that never ran because its hostPort was taken. */
export function isHostPortPending(sandbox: ContainerInspectInfo): boolean {
  return sandbox.State.Status === 'created' && parseHostPortError(sandbox.State.Error ?? '') != null;
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
      const created = await createContainer(docker, appOptions(spec!, c, sandbox.Id, uid!, 0));
      await created.start().catch(() => undefined); // a failing start shows in the model like any other failure
    }),
  ]);
  return true;
}
