// A small flag parser for podlab's commands: --flag, --flag value, --flag=value, and `--` for a trailing command.
import { UsageError } from './command';

export interface FlagSpec {
  /** Flags without a value (--wait). */
  bool?: string[];
  /** Flags with a value (--name N); repeated ones are collected in order. */
  value?: string[];
}

export interface ParsedArgs {
  positional: string[];
  bool: Set<string>;
  values: Map<string, string[]>;
  /** Everything after a bare `--`. */
  rest: string[];
}

export function parseFlags(args: string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], bool: new Set(), values: new Map(), rest: [] };
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    if (a === '--') {
      out.rest = args.slice(i + 1);
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.bool?.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.bool.add(name);
    } else if (spec.value?.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`--${name} needs a value`);
      out.values.set(name, [...(out.values.get(name) ?? []), v]);
    } else {
      throw new UsageError(`unknown option ${a}`);
    }
  }
  return out;
}

/** The last value of a flag, or undefined. */
export function lastValue(p: ParsedArgs, name: string): string | undefined {
  const v = p.values.get(name);
  return v?.[v.length - 1];
}
