// Typed readers for manifest fields with Kubernetes' error wording, shared by every part of the Pod validator.
import type { ManifestIssue } from './types';
import { invalid, notSupported, quote, unknownField, unsupportedValue } from './validate';

export type Obj = Record<string, unknown>;

/** What the validator collects while it walks a manifest: errors (nothing is created) and warnings (shown, launch goes on). */
export interface Ctx {
  errors: ManifestIssue[];
  warnings: string[];
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Flags every key of `o` that is not in `allowed`: known Kubernetes fields podlab does not run (`refused`, with the
 * reason) say so once; anything else is an unknown field, as kubectl's strict field validation says.
 */
export function onlyFields(ctx: Ctx, o: Obj, path: string, allowed: readonly string[], refused: Record<string, string> = {}): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    const p = path ? `${path}.${k}` : k;
    ctx.errors.push(k in refused ? notSupported(p, refused[k]) : unknownField(p));
  }
}

export function str(ctx: Ctx, v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    ctx.errors.push(invalid(path, v, 'must be a string (quote it in YAML)'));
    return undefined;
  }
  return v;
}

export function strList(ctx: Ctx, v: unknown, path: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    ctx.errors.push(invalid(path, v, 'must be a list of strings, e.g. ["sh", "-c", "echo hi"]'));
    return undefined;
  }
  return v.map((item, i) => str(ctx, item, `${path}[${i}]`) ?? '');
}

export function bool(ctx: Ctx, v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') {
    ctx.errors.push(invalid(path, v, 'must be true or false'));
    return undefined;
  }
  return v;
}

/** An integer within [min, max]; Kubernetes' int32/int64 fields. */
export function int(ctx: Ctx, v: unknown, path: string, min = 0, max = 2 ** 31 - 1): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    ctx.errors.push(invalid(path, v, 'must be an integer (write it without quotes)'));
    return undefined;
  }
  if (v < min || v > max) {
    ctx.errors.push(invalid(path, v, `must be between ${min} and ${max}, inclusive`));
    return undefined;
  }
  return v;
}

/** One of `values`, or the API server's "Unsupported value". */
export function oneOf<T extends string>(ctx: Ctx, v: unknown, path: string, values: readonly T[]): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  ctx.errors.push(unsupportedValue(path, v, [...values]));
  return undefined;
}

/** A map (object) or an error saying what it must look like. */
export function obj(ctx: Ctx, v: unknown, path: string, example: string): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) {
    ctx.errors.push(invalid(path, v, `must be a map like ${example}`));
    return undefined;
  }
  return v;
}

/** A list or an error; items are handed to `each` with their own path. */
export function list<T>(ctx: Ctx, v: unknown, path: string, example: string, each: (item: unknown, path: string, i: number) => T | null): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    ctx.errors.push(invalid(path, v, `must be a list like ${example}`));
    return undefined;
  }
  const out: T[] = [];
  v.forEach((item, i) => {
    const r = each(item, `${path}[${i}]`, i);
    if (r !== null) out.push(r);
  });
  return out;
}

/** Repeated names in a list are the API server's "Duplicate value". */
export function noDuplicates(ctx: Ctx, names: (string | undefined)[], path: (i: number) => string, hint = ''): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === undefined) return;
    if (seen.has(n)) ctx.errors.push({ path: path(i), message: `Duplicate value: ${quote(n)}${hint}` });
    seen.add(n);
  });
}
