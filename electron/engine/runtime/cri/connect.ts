// An engine connection whose runtime is a CRI runtime, loaded only when one is selected (Docker users never load
// gRPC). Every engine module talks to conn.runtime; a CRI connection has no Docker client.
import type { EngineConnection } from '../../docker';
import { CriRuntime } from './index';

export async function connectCri(endpoint: string): Promise<EngineConnection> {
  const runtime = await CriRuntime.connect(endpoint);
  const { version, apiVersion, os } = runtime.info;
  return { runtime, endpoint, version, apiVersion, os };
}
