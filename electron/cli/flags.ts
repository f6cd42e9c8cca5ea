// The one flag parser of podlab's commands, over node:util parseArgs: --flag, --flag value, --flag=value, short
// aliases (-o FILE, kubectl's -c web, -c=web, -it), and `--` before a trailing command. Mistakes become UsageErrors (exit 2) that say what to fix.
import { parseArgs } from 'node:util';
import { UsageError } from './command';

export interface FlagSpec {
  /** Flags without a value (--wait). */
  bool?: string[];
  /** Flags with a value (--name N); repeated ones are collected in order. */
  value?: string[];
  /** Short aliases: letter → long name (o → output); booleans group (-it), a value may follow as -c web, -cweb or -c=web. */
  short?: Record<string, string>;
}

export interface ParsedArgs {
  positional: string[];
  bool: Set<string>;
  values: Map<string, string[]>;
  /** Everything after a bare `--`. */
  rest: string[];
}

type Options = Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }>;

function optionsOf(spec: FlagSpec): Options {
  const shortOf = (name: string): { short?: string } => {
    const s = Object.entries(spec.short ?? {}).find(([, long]) => long === name)?.[0];
    return s ? { short: s } : {};
  };
  const options: Options = {};
  for (const b of spec.bool ?? []) options[b] = { type: 'boolean', ...shortOf(b) };
  for (const v of spec.value ?? []) options[v] = { type: 'string', multiple: true, ...shortOf(v) };
  return options;
}

export function parseFlags(args: string[], spec: FlagSpec): ParsedArgs {
  // Not strict: podlab checks each token itself, so its messages name the flag as the user typed it.
  const { tokens } = parseArgs({ args, options: optionsOf(spec), allowPositionals: true, strict: false, tokens: true });
  const out: ParsedArgs = { positional: [], bool: new Set(), values: new Map(), rest: [] };
  let afterTerminator = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') afterTerminator = true;
    else if (t.kind === 'positional') (afterTerminator ? out.rest : out.positional).push(t.value);
    else if (spec.bool?.includes(t.name)) {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`);
      out.bool.add(t.name);
    } else if (spec.value?.includes(t.name)) {
      // kubectl (pflag) reads -c=web as "web"; parseArgs hands a short alias's inline value over with its "=".
      const value = t.inlineValue && !t.rawName.startsWith('--') ? t.value?.replace(/^=/, '') : t.value;
      if (value === undefined || value === '') throw new UsageError(`${t.rawName} needs a value`);
      out.values.set(t.name, [...(out.values.get(t.name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${t.rawName}`);
    }
  }
  return out;
}

/**
 * What is wrong with a command line whose flags `parse` reads and which takes exactly `positionals` arguments, or
 * null when nothing is.
 */
export function usageProblem(parse: () => ParsedArgs, positionals: number): string | null {
  try {
    const p = parse();
    const args = [...p.positional, ...p.rest];
    if (args.length > positionals) return `unknown argument "${args[positionals]}"`;
    if (args.length < positionals) return `give ${positionals} argument${positionals > 1 ? 's' : ''}`;
    return null;
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
}

/** The last value of a flag, or undefined. */
export function lastValue(p: ParsedArgs, name: string): string | undefined {
  const v = p.values.get(name);
  return v?.[v.length - 1];
}
