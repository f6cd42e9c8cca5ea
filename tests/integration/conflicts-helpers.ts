// Shared helpers of the conflicts and kubelet integration tests: h3- pods on the real engine, always cleaned up.
import type { PodSpec, ContainerSpec } from '../../shared/manifest/types';
import type { PodModel, RestartPolicy } from '../../shared/model';
import { LABEL_POD } from '../../electron/engine/runtime/vocabulary';
import { connectEngine, type EngineConnection } from '../../electron/engine/docker';
import { buildModel } from '../../electron/engine/model/build';
import { until as untilMet } from './helpers';

export const DEMO = process.env.PODLAB_DEMO_IMAGE ?? 'podlab-test/demo:local';

export function httpd(name: string, port: string, declare: number | null, delaySec = 0): ContainerSpec {
  const run = `httpd -f -p ${port} -h /www`;
  return {
    name,
    image: DEMO,
    command: delaySec ? ['sh', '-c', `sleep ${delaySec}; exec ${run}`] : run.split(' '),
    ports: declare ? [{ containerPort: declare, protocol: 'tcp' }] : [],
  };
}

export function podSpec(name: string, containers: ContainerSpec[], restartPolicy: RestartPolicy = 'Always'): PodSpec {
  return { name, labels: {}, restartPolicy, shareProcessNamespace: false, containers };
}

/** A unique h3- pod name per test run, so parallel runs never collide. */
export function podName(base: string): string {
  return `h3-${base}-${process.pid % 10000}-${Math.floor(Math.random() * 1000)}`;
}

export async function connect(): Promise<EngineConnection> {
  return connectEngine();
}

export async function podOf(conn: EngineConnection, name: string): Promise<PodModel> {
  const m = await buildModel(conn, { pods: [name] });
  const p = m.pods.find((x) => x.name === name);
  if (!p) throw new Error(`pod ${name} not in the model`);
  return p;
}

/** Polls (bounded) until `check` returns a value. */
export function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  return untilMet(check, timeoutMs, everyMs, what);
}

/** Removes every container of these h3- pods (podlab-labelled only), whatever state the test left. */
export async function cleanup(conn: EngineConnection, names: string[]): Promise<void> {
  for (const name of names) {
    if (!name.startsWith('h3-')) continue;
    const list = await conn.docker!.listContainers({ all: true, filters: { label: [`${LABEL_POD}=${name}`] } }).catch(() => []);
    await Promise.all(list.map((c) => conn.docker!.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  }
}
