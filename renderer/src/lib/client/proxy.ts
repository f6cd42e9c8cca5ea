// Turns a generic "call(method, args)" transport into a PodlabApi: one place that lists the methods.
import type { PodlabApi } from '../../../../shared/api';
import { API_METHODS } from '../../../../shared/api-methods';
import { TERMINAL_METHODS, type TerminalApi } from '../../../../shared/terminal';
import { RUNTIME_METHODS, type RuntimeConnectApi } from '../../../../shared/runtime-connect';

export function apiOver(call: (method: string, args: unknown[]) => Promise<unknown>): PodlabApi & TerminalApi & RuntimeConnectApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of [...API_METHODS, ...TERMINAL_METHODS, ...RUNTIME_METHODS]) api[name] = (...args: unknown[]) => call(name, args);
  return api as unknown as PodlabApi & TerminalApi & RuntimeConnectApi;
}
