// The setup the CRI end-to-end tests share: a private containerd with CNI, one podlab pod launched through the CRI
// (web-sidecar, the kubelet's way) and `podlab serve` pointed at it; `stop()` ends serve, then containerd and all it made.
import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { startPrivateContainerd, type PrivateContainerd } from '../integration/private-containerd';
import { startServe, testImages, uniqueName, type Served } from './serve-fixture';

export interface CriServed {
  ctd: PrivateContainerd;
  served: Served;
  /** The podlab pod launched before serve started. */
  pod: string;
  stop(): Promise<void>;
}

/**
 * `prefix` names the private containerd's files and the pod (each test file its own). `serveEnv` overrides serve's
 * environment (e.g. no CRI endpoint and an absent Docker engine: serve starts on the no-engine screen).
 */
export async function startCriServe(prefix: string, serveEnv: NodeJS.ProcessEnv = {}): Promise<CriServed> {
  const pod = uniqueName(`${prefix}-e2e`);
  const ctd = await startPrivateContainerd({ prefix });
  let served: Served | undefined;
  try {
    const env = { PODLAB_CRI_LOG_ROOT: `${ctd.dir}/pods`, PODLAB_CRI_POD_ROOT: `${ctd.dir}/pod-state` };
    execFileSync('bin/podlab', ['--runtime-endpoint', ctd.endpoint, 'launch', 'web-sidecar', '--name', pod, '--wait'], { env: { ...process.env, ...testImages, ...env }, stdio: 'ignore', timeout: 90_000 });
    served = await startServe({ CONTAINER_RUNTIME_ENDPOINT: ctd.endpoint, ...env, ...serveEnv });
  } catch (err) {
    await ctd.cleanup();
    throw err;
  }
  const s = served;
  return { ctd, served: s, pod, stop: async () => { await s.stop(); await ctd.cleanup(); } };
}

/** A table of the Node tab needs no horizontal scroll: its scroll box is no wider than what it shows. */
export async function expectNoSideScroll(page: Page, testid: string): Promise<void> {
  const box = page.getByTestId(testid).locator('xpath=..');
  const [scroll, client] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scroll, `${testid}: ${scroll}px of content in ${client}px`).toBeLessThanOrEqual(client);
}
