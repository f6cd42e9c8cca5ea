// The one contract between front ends and the engine side: every PodlabApi request with a zod schema for its
// arguments, and every pushed event. Electron main and `podlab serve` validate each input here before the engine sees it.
import { z } from 'zod';
import type { PodlabApi, PushEvent } from './api';
import { API_METHODS, type ApiMethod } from './api-methods';
import type { TerminalPush } from './terminal';
import type { ModelDeltaPush } from './model-delta';

const name = z.string().min(1).max(253).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a name of letters, digits, "-", "_" or "."');
const protocol = z.enum(['tcp', 'udp']);
const manifestText = z.string().max(256 * 1024);
const launchRequest = z
  .strictObject({
    template: z.string().min(1).max(100).optional(),
    manifest: manifestText.optional(),
    name: name.optional(),
    wait: z.boolean().optional(),
  })
  .refine((r) => (r.template == null) !== (r.manifest == null), 'give either a template or a manifest');

/** Argument tuples of each PodlabApi method, in call order. */
export const requestSchemas = {
  getModel: z.tuple([]),
  listTemplates: z.tuple([]),
  validateManifest: z.tuple([manifestText]),
  launch: z.tuple([
    z.strictObject({
      template: z.string().min(1).max(100).optional(),
      manifest: manifestText.optional(),
      name: name.optional(),
      wait: z.boolean().optional(),
    }).refine((r) => (r.template == null) !== (r.manifest == null), 'give either a template or a manifest'),
  ]),
  addContainer: z.tuple([
    z.strictObject({
      pod: name,
      container: name,
      image: z.string().min(1).max(300),
      port: z.strictObject({ containerPort: z.number().int().min(1).max(65535), protocol }).optional(),
      command: z.array(z.string().max(4096)).max(64).optional(),
      wait: z.boolean().optional(),
    }),
  ]),
  containerAction: z.tuple([name, name, z.enum(['stop', 'start', 'restart'])]),
  killSandbox: z.tuple([name]),
  removePod: z.tuple([name]),
  removeAll: z.tuple([]),
  snapshot: z.union([z.tuple([]), z.tuple([z.array(name).max(500).optional()])]),
  exportManifest: z.tuple([name]),
  logs: z.tuple([name, name, z.number().int().min(0).max(10_000)]),
  followLogs: z.tuple([name, name.nullable()]),
  previousLogs: z.tuple([name, name, z.number().int().min(0).max(10_000)]),
  prove: z.tuple([name]),
  launchPlain: z.tuple([launchRequest]),
  removePlainGroup: z.tuple([name]),
  nodeListing: z.tuple([]),
} satisfies { [K in keyof PodlabApi]: z.ZodType };

export type RequestName = keyof typeof requestSchemas;
export const REQUEST_NAMES: readonly RequestName[] = API_METHODS;
// Both directions: every schema is a listed method and every listed method has a schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _covered: Same<RequestName, ApiMethod> = true;
void _covered;

export type PushType = PushEvent['type'] | 'no-engine' | TerminalPush['type'] | ModelDeltaPush['type'];
/** Every event pushed to front ends: PodlabApi's PushEvent plus the transport's own `no-engine` state. */
export const PUSH_TYPES: readonly PushType[] = ['model', 'pull', 'log', 'conflict', 'no-engine', 'terminal', 'terminal-exit', 'pods'];

/** Pushed by main/serve while no engine answers; it retries by itself and pushes `model` once one does. */
export interface NoEnginePush {
  type: 'no-engine';
  tried: { endpoint: string; error: string }[];
  message: string;
  retryInMs: number;
  /** The CRI runtime endpoint the session tries instead of a Docker engine (absent for Docker). */
  criEndpoint?: string;
}

/** `pods`: a model change as a delta (shared/model-delta.ts); the session sends it in place of a whole `model`. */
export type ClientPush = PushEvent | NoEnginePush | TerminalPush | ModelDeltaPush;

export class ContractError extends Error {
  override name = 'ContractError';
}

export function isRequestName(v: unknown): v is RequestName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, v);
}

/** Checks a request name and its arguments; throws ContractError with a message naming what is wrong. */
export function validateRequest(method: unknown, args: unknown): { method: RequestName; args: unknown[] } {
  if (!isRequestName(method)) throw new ContractError(`Unknown request "${String(method)}".`);
  const r = requestSchemas[method].safeParse(args);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
    throw new ContractError(`Invalid arguments for ${method}: ${what}`);
  }
  return { method, args: r.data as unknown[] };
}

/** Calls the validated request on an API implementation. */
export async function dispatch(api: PodlabApi, method: unknown, args: unknown): Promise<unknown> {
  const req = validateRequest(method, args);
  const fn = api[req.method] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(api, req.args);
}

/** WebSocket / IPC wire messages. */
export type ClientMessage = { kind: 'request'; id: number; method: RequestName; args: unknown[] };
export type ServerMessage =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string }
  | { kind: 'push'; event: ClientPush };

export const clientMessageSchema = z.strictObject({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(8),
});

/** A CRI runtime endpoint as crictl takes it: unix:// and an absolute socket path, no spaces or control characters. */
export const runtimeEndpointSchema = z
  .string()
  .max(1024)
  .regex(/^unix:\/\/\/[^\s\p{Cc}]*[^/\s\p{Cc}]$/u, 'a unix socket as crictl writes it, e.g. unix:///run/containerd/containerd.sock');

/** connectRuntime's arguments: one endpoint, or null for the Docker engine. */
export const connectRuntimeSchema = z.tuple([runtimeEndpointSchema.nullable()]);

/** Checks connectRuntime's arguments; throws ContractError naming what is wrong. */
export function validateConnectRuntime(args: unknown): string | null {
  const r = connectRuntimeSchema.safeParse(args);
  if (!r.success) throw new ContractError(`Invalid arguments for connectRuntime: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data[0];
}
