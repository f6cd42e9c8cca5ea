// livenessProbe/readinessProbe/startupProbe and lifecycle hooks: exactly one handler each, with Kubernetes' limits.
import type { LifecycleHandler, ProbeSpec } from './types';
import { int, obj, oneOf, onlyFields, str, strList, type Ctx, type Obj } from './fields';
import { invalid, required } from './validate';

/** A port given as a number (1-65535) or an IANA name of one of the container's ports. */
function portOf(ctx: Ctx, v: unknown, path: string): number | string | undefined {
  if (typeof v === 'string' && /^[a-z0-9-]{1,15}$/.test(v) && /[a-z]/.test(v)) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v;
  if (v === undefined) ctx.errors.push(required(path, 'the port to probe'));
  else ctx.errors.push(invalid(path, v, 'must be a port number between 1 and 65535 or the name of a container port'));
  return undefined;
}

type Handler = { exec: { command: string[] } } | { httpGet: { path?: string; port: number | string; host?: string; scheme?: 'HTTP' | 'HTTPS'; httpHeaders?: { name: string; value: string }[] } } | { tcpSocket: { port: number | string; host?: string } } | { grpc: { port: number; service?: string } } | { sleep: { seconds: number } };

function handler(ctx: Ctx, o: Obj, path: string, kinds: readonly string[]): Handler | null {
  const set = kinds.filter((k) => o[k] !== undefined);
  if (set.length !== 1) {
    ctx.errors.push({ path, message: set.length ? 'Forbidden: may not specify more than 1 handler type' : `Required value: must specify a handler type (one of ${kinds.join(', ')})` });
    return null;
  }
  const k = set[0];
  const p = `${path}.${k}`;
  const h = obj(ctx, o[k], p, k === 'exec' ? '{command: [cat, /tmp/healthy]}' : '{port: 8080}');
  if (!h) return null;
  if (k === 'exec') {
    onlyFields(ctx, h, p, ['command']);
    const command = strList(ctx, h.command, `${p}.command`);
    if (!command?.length) return (ctx.errors.push(required(`${p}.command`, 'the command to run in the container')), null);
    return { exec: { command } };
  }
  if (k === 'httpGet') {
    onlyFields(ctx, h, p, ['path', 'port', 'host', 'scheme', 'httpHeaders']);
    const port = portOf(ctx, h.port, `${p}.port`);
    const out: { path?: string; port: number | string; host?: string; scheme?: 'HTTP' | 'HTTPS'; httpHeaders?: { name: string; value: string }[] } = { port: port ?? 0 };
    const hp = str(ctx, h.path, `${p}.path`);
    if (hp) out.path = hp;
    const host = str(ctx, h.host, `${p}.host`);
    if (host) out.host = host;
    const scheme = oneOf(ctx, h.scheme, `${p}.scheme`, ['HTTP', 'HTTPS']);
    if (scheme) out.scheme = scheme;
    if (Array.isArray(h.httpHeaders)) out.httpHeaders = h.httpHeaders.map((x, i) => ({ name: str(ctx, (x as Obj)?.name, `${p}.httpHeaders[${i}].name`) ?? '', value: str(ctx, (x as Obj)?.value, `${p}.httpHeaders[${i}].value`) ?? '' }));
    return port === undefined ? null : { httpGet: out };
  }
  if (k === 'tcpSocket') {
    onlyFields(ctx, h, p, ['port', 'host']);
    const port = portOf(ctx, h.port, `${p}.port`);
    const host = str(ctx, h.host, `${p}.host`);
    return port === undefined ? null : { tcpSocket: { port, ...(host ? { host } : {}) } };
  }
  if (k === 'grpc') {
    onlyFields(ctx, h, p, ['port', 'service']);
    const port = int(ctx, h.port, `${p}.port`, 1, 65535);
    const service = str(ctx, h.service, `${p}.service`);
    return port === undefined ? null : { grpc: { port, ...(service ? { service } : {}) } };
  }
  onlyFields(ctx, h, p, ['seconds']);
  const seconds = int(ctx, h.seconds, `${p}.seconds`, 0);
  return seconds === undefined ? null : { sleep: { seconds } };
}

const PROBE_NUMBERS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'] as const;

export function parseProbe(ctx: Ctx, v: unknown, path: string): ProbeSpec | undefined {
  const o = obj(ctx, v, path, '{httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}');
  if (!o) return undefined;
  onlyFields(ctx, o, path, ['exec', 'httpGet', 'tcpSocket', 'grpc', ...PROBE_NUMBERS]);
  const h = handler(ctx, o, path, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  if (!h) return undefined;
  const out = { ...h } as ProbeSpec;
  for (const k of PROBE_NUMBERS) {
    const n = int(ctx, o[k], `${path}.${k}`, k === 'periodSeconds' || k === 'timeoutSeconds' || k === 'successThreshold' || k === 'failureThreshold' ? 1 : 0);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

export function parseLifecycle(ctx: Ctx, v: unknown, path: string): { postStart?: LifecycleHandler; preStop?: LifecycleHandler } | undefined {
  const o = obj(ctx, v, path, '{preStop: {exec: {command: [sh, -c, "sleep 5"]}}}');
  if (!o) return undefined;
  onlyFields(ctx, o, path, ['postStart', 'preStop', 'stopSignal']);
  const out: { postStart?: LifecycleHandler; preStop?: LifecycleHandler } = {};
  for (const k of ['postStart', 'preStop'] as const) {
    const ho = obj(ctx, o[k], `${path}.${k}`, '{exec: {command: [...]}}');
    if (!ho) continue;
    onlyFields(ctx, ho, `${path}.${k}`, ['exec', 'httpGet', 'sleep', 'tcpSocket']);
    const h = handler(ctx, ho, `${path}.${k}`, ['exec', 'httpGet', 'sleep', 'tcpSocket']);
    if (h && 'tcpSocket' in h) ctx.warnings.push(`${path}.${k}.tcpSocket: deprecated and not run by the kubelet (it only waits for the grace period); podlab does the same`);
    else if (h && !('grpc' in h)) out[k] = h as LifecycleHandler;
  }
  if (o.stopSignal !== undefined) ctx.warnings.push(`${path}.stopSignal: podlab stops containers with the image's stop signal (SIGTERM by default)`);
  return Object.keys(out).length ? out : undefined;
}
