// For a test file that drives podlab's CLI against a private containerd: starts it before the file's tests, removes it
// after (even when they fail), and gives the environment that points the CLI at it (crictl's CONTAINER_RUNTIME_ENDPOINT,
// and the CRI log root inside the private state). Kept apart from private-containerd.ts, which Playwright imports too.
import { afterAll, beforeAll } from 'vitest';
import { ensureCliBuilt } from './helpers';
import { startPrivateContainerd, type PrivateContainerd } from './private-containerd';

export interface CliContainerd {
  readonly ctd: PrivateContainerd;
  /** process.env plus the runtime endpoint and the log root. */
  readonly env: NodeJS.ProcessEnv;
}

export function cliContainerd(prefix: string): CliContainerd {
  let ctd: PrivateContainerd | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  beforeAll(async () => {
    ensureCliBuilt();
    ctd = await startPrivateContainerd({ prefix });
    env = { ...process.env, CONTAINER_RUNTIME_ENDPOINT: ctd.endpoint, PODLAB_CRI_LOG_ROOT: `${ctd.dir}/pods`, PODLAB_CRI_POD_ROOT: `${ctd.dir}/pod-state` };
  });
  afterAll(async () => {
    await ctd?.cleanup();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the private containerd is not started: use it inside a test, after beforeAll');
    return v;
  };
  return {
    get ctd() {
      return started(ctd);
    },
    get env() {
      return started(env);
    },
  };
}
