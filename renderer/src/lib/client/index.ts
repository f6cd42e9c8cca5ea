// Picks the transport: the Electron preload bridge when present, else the `podlab serve` WebSocket.
import { ipcClient } from './ipc';
import type { PodlabBridge, PodlabClient } from './types';
import { wsClient } from './ws';

export function createClient(): PodlabClient {
  const bridge = (window as unknown as { podlab?: PodlabBridge }).podlab;
  if (bridge && typeof bridge.invoke === 'function') return ipcClient(bridge);
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return wsClient(token);
}
