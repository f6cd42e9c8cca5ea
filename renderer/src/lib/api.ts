// The one client instance of this window (set once by main.ts), shared by the components.
import type { PodlabClient } from './client/types';

let current: PodlabClient | null = null;

export function setClient(c: PodlabClient): void {
  current = c;
}

export function client(): PodlabClient {
  if (!current) throw new Error('podlab: client not set');
  return current;
}
