// An engine connection whose runtime is a CRI runtime (loaded only when one is selected, so Docker users never load
// gRPC). Every engine module talks to conn.runtime; the Docker client field exists for Docker connections only.
import type Docker from 'dockerode';
import type { EngineConnection } from '../../docker';
import { CriRuntime } from './index';

export async function connectCri(endpoint: string): Promise<EngineConnection> {
  const runtime = await CriRuntime.connect(endpoint);
  const { version, apiVersion, os } = runtime.info;
  return {
    runtime,
    endpoint,
    version,
    apiVersion,
    os,
    get docker(): Docker {
      throw new Error(`podlab is connected to the CRI runtime at ${endpoint}, which has no Docker API: this part of podlab works on Docker engines only.`);
    },
  };
}
