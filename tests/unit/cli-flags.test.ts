// The one flag parser of the CLI (node:util parseArgs underneath): values, repeats, short aliases, `--` and the
// mistakes a user makes, each a UsageError that names the flag.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../electron/cli/command';
import { lastValue, parseFlags, usageProblem } from '../../electron/cli/flags';

describe('parseFlags', () => {
  it('reads booleans, repeated values, --flag=value, short aliases, and everything after -- as the command', () => {
    const p = parseFlags(['web', '--wait', '--pod', 'a', '--pod=b', '-o', 'out.md', '--', 'sh', '-c', '--x'], {
      bool: ['wait'],
      value: ['pod', 'output'],
      short: { o: 'output' },
    });
    expect(p.positional).toEqual(['web']);
    expect([...p.bool]).toEqual(['wait']);
    expect(p.values.get('pod')).toEqual(['a', 'b']);
    expect(lastValue(p, 'output')).toBe('out.md');
    expect(p.rest).toEqual(['sh', '-c', '--x']);
  });
  it('says what is wrong: unknown option, missing value, value on a boolean', () => {
    const spec = { bool: ['wait'], value: ['name'] };
    expect(() => parseFlags(['--bogus'], spec)).toThrow(new UsageError('unknown option --bogus'));
    expect(() => parseFlags(['--name'], spec)).toThrow(new UsageError('--name needs a value'));
    expect(() => parseFlags(['--name='], spec)).toThrow(new UsageError('--name needs a value'));
    expect(() => parseFlags(['--wait=yes'], spec)).toThrow(new UsageError('--wait takes no value'));
    expect(parseFlags(['-'], spec).positional).toEqual(['-']);
  });
  it('usageProblem counts positional arguments', () => {
    expect(usageProblem(() => parseFlags(['a'], {}), 1)).toBeNull();
    expect(usageProblem(() => parseFlags(['a', 'b'], {}), 1)).toBe('unknown argument "b"');
    expect(usageProblem(() => parseFlags([], {}), 2)).toBe('give 2 arguments');
    expect(usageProblem(() => parseFlags(['-x'], {}), 0)).toBe('unknown option -x');
  });
});
