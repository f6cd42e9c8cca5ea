// The names of every PodlabApi request, without zod, so the renderer's client proxy stays small.
// shared/contract.ts checks at compile time that this list and its schemas cover PodlabApi exactly.
import type { PodlabApi } from './api';

export const API_METHODS = [
  'getModel', 'listTemplates', 'validateManifest', 'launch', 'addContainer', 'containerAction', 'killSandbox',
  'removePod', 'removeAll', 'snapshot', 'exportManifest', 'logs', 'followLogs',
  'previousLogs', 'prove',
  'launchPlain', 'removePlainGroup', 'nodeListing',
] as const satisfies readonly (keyof PodlabApi)[];

export type ApiMethod = (typeof API_METHODS)[number];
