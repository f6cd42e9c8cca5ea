// What the restart manager does to the engine: restart one container as attempt+1, or re-create a pod whose
// sandbox died (SandboxChanged). Each step re-checks that the pod still exists, so `podlab rm` is never undone.
import type Docker from 'dockerode';
import type { Container, ContainerCreateOptions, ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { attemptOf, LABEL_BACKOFF, LABEL_SANDBOX_CHANGED } from './clone';
import { removeOlderAttempts } from './previous';
import { nextAppOptions, nextSandboxOptions } from './recreate';

async function gone(docker: Docker, id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return false;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode === 404;
  }
}

/** Creates a container, or null when its attempt name exists already (another podlab process got there first). */
async function createOnce(docker: Docker, opts: ContainerCreateOptions): Promise<Container | null> {
  return docker.createContainer(opts).catch((err: unknown) => {
    if ((err as { statusCode?: number }).statusCode === 409) return null;
    throw err;
  });
}

/** Restarts one container: a new one with attempt+1 (and the next back-off step); the old one stays dead for logs --previous. */
export async function restartContainer(docker: Docker, old: ContainerInspectInfo, sandbox: ContainerInspectInfo, step: number): Promise<number | null> {
  const attempt = attemptOf(old) + 1;
  const created = await createOnce(docker, nextAppOptions(old, sandbox, attempt, { [LABEL_BACKOFF]: String(step) }));
  if (!created) return null;
  // `podlab rm` may have removed the pod while we created: then the new container must not outlive it.
  if ((await gone(docker, old.Id)) || (await gone(docker, sandbox.Id))) {
    await created.remove({ force: true }).catch(() => undefined);
    return null;
  }
  await removeOlderAttempts(docker, old).catch(() => undefined);
  await created.start();
  return attempt;
}

/** SandboxChanged: kill every container, create a new sandbox (attempt+1, new netns), recreate the app containers. */
export async function recreatePod(docker: Docker, sandbox: ContainerInspectInfo, apps: ContainerInfo[]): Promise<number | null> {
  // Re-check: `podlab rm` may be removing this pod right now.
  const still = await docker.getContainer(sandbox.Id).inspect().catch(() => null);
  if (!still || still.State.Running) return null;
  const appInfos = (await Promise.all(apps.map((a) => docker.getContainer(a.Id).inspect().catch(() => null)))).filter(
    (x): x is ContainerInspectInfo => x != null,
  );
  const attempt = attemptOf(sandbox) + 1;
  const created = await createOnce(docker, nextSandboxOptions(sandbox, attempt, { [LABEL_SANDBOX_CHANGED]: new Date().toISOString() }));
  if (!created) return null;
  if (await gone(docker, sandbox.Id)) {
    await created.remove({ force: true }).catch(() => undefined);
    return null;
  }
  await Promise.all(appInfos.map((a) => docker.getContainer(a.Id).remove({ force: true }).catch(() => undefined)));
  await docker.getContainer(sandbox.Id).remove({ force: true }).catch(() => undefined);
  await created.start();
  const fresh = await created.inspect();
  await Promise.all(
    appInfos.map(async (a) => {
      const c = await docker.createContainer(nextAppOptions(a, fresh, attemptOf(a) + 1, { [LABEL_BACKOFF]: '0' }));
      await c.start().catch(() => undefined); // a failing start shows in the model like any other failure
    }),
  );
  return attempt;
}
