// The engines the core integration tests run on, one test body per engine: the shared Docker engine, a private
// Podman service and a private containerd through the CRI. A backend says whether it can run here, starts (or attaches to) its engine, and cleans up after itself.
// To add one (e.g. CRI-O), append an entry to BACKENDS.
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import { podmanAvailable, startPrivatePodman } from './private-podman';
import { testImageNames } from './private-daemon';
import { containerdAvailable, startPrivateContainerd } from './private-containerd';

export interface BackendEngine {
  /** Environment for `bin/podlab` (and connectEngine) to reach this engine. */
  env: NodeJS.ProcessEnv;
  connect(): Promise<EngineConnection>;
  /** The Linux bridge of the engine's default network, as the kernel names it. */
  bridge: string;
  /** The product name the version API gives ("Docker", "Podman"). */
  engineName: string;
  /** Removes the engine itself when the backend started it (pods are the tests' own to remove). */
  cleanup(): Promise<void>;
}

export interface Backend {
  name: string;
  /** The engine is this test run's own: its tests may run concurrently without the shared-engine lock mattering. */
  parallel: boolean;
  available(): boolean;
  start(): Promise<BackendEngine>;
}

const withImages = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const [pause, demo] = testImageNames();
  return { ...env, PODLAB_PAUSE_IMAGE: pause, PODLAB_DEMO_IMAGE: demo };
};

export const BACKENDS: Backend[] = [
  {
    name: 'docker',
    parallel: false,
    available: () => true,
    start: async () => {
      const env = withImages(process.env);
      return { env, connect: () => connectEngine(env), bridge: 'docker0', engineName: 'Docker', cleanup: async () => undefined };
    },
  },
  {
    name: 'podman',
    // Sequential: with its tests side by side on a slow machine, the private Podman's API did not answer a CLI's
    // first request within the 5 s podlab gives an engine (CI, twice in one run); one at a time each takes ~4 s.
    parallel: false,
    available: podmanAvailable,
    start: async () => {
      const p = await startPrivatePodman({ prefix: 'pt', images: testImageNames() });
      const env = withImages(p.env);
      return { env, connect: () => connectEngine(env), bridge: p.bridge, engineName: 'Podman', cleanup: p.cleanup };
    },
  },
  {
    name: 'containerd',
    // Sequential: the scheduler test's live restart manager would otherwise restart other tests' failed containers
    // within their --wait (its 1 s back-off against the CRI relist), turning an expected exit 3 into 0.
    parallel: false,
    available: containerdAvailable,
    start: async () => {
      const c = await startPrivateContainerd({ prefix: 'pt', images: testImageNames() });
      const env = withImages({ ...c.env, PODLAB_CRI_LOG_ROOT: `${c.dir}/pods`, PODLAB_CRI_POD_ROOT: `${c.dir}/pod-state` });
      return { env, connect: () => connectEngine(env), bridge: c.bridge, engineName: 'containerd', cleanup: c.cleanup };
    },
  },
];

/** The backends this machine can run (scripts/test.sh installs Podman, so on a test machine that is all of them). */
export function availableBackends(): Backend[] {
  return BACKENDS.filter((b) => b.available());
}
