// An engine connection whose runtime is a CRI runtime, loaded only when one is selected (Docker users never load
// gRPC). Every engine module talks to conn.runtime; a CRI connection has no Docker client. podlab reads the pods'
// /proc itself, so the runtime must be on this machine (never `remote`).
import type { EngineConnection } from '../../docker';
import { CriRuntime } from './index';

export async function connectCri(endpoint: string, env: NodeJS.ProcessEnv = process.env): Promise<Omit<EngineConnection, 'config' | 'caches'>> {
  const runtime = await CriRuntime.connect(endpoint, env);
  const { version, apiVersion, os, platform } = runtime.info;
  return { runtime, endpoint, version, apiVersion, os, engineName: platform, source: 'CONTAINER_RUNTIME_ENDPOINT / --runtime-endpoint' };
}
