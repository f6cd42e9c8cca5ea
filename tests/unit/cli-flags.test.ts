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
  it("kubectl's short flags (exec, logs, debug): -it grouped, -c web, -cweb and -c=web; nothing after -- is read", () => {
    const exec = { bool: ['stdin', 'tty'], value: ['container'], short: { c: 'container', i: 'stdin', t: 'tty' } };
    const p = parseFlags(['p', '-it', '-c', 'web', '--', 'sh', '-c', 'x'], exec);
    expect([p.positional, [...p.bool].sort(), lastValue(p, 'container'), p.rest]).toEqual([['p'], ['stdin', 'tty'], 'web', ['sh', '-c', 'x']]);
    for (const form of [['-c=web'], ['-cweb'], ['--container=web'], ['--container', 'web']]) expect(lastValue(parseFlags(['p', ...form], exec), 'container')).toBe('web');
    expect(lastValue(parseFlags(['p', '--container==web'], exec), 'container')).toBe('=web');
    expect([...parseFlags(['p', '-ti'], exec).bool].sort()).toEqual(['stdin', 'tty']);
    const logs = parseFlags(['p', '-c=web', '-fp'], { bool: ['follow', 'previous'], value: ['container'], short: { c: 'container', f: 'follow', p: 'previous' } });
    expect([lastValue(logs, 'container'), [...logs.bool].sort()]).toEqual(['web', ['follow', 'previous']]);
    expect(() => parseFlags(['p', '-c='], exec)).toThrow(new UsageError('-c needs a value'));
    expect(() => parseFlags(['p', '-x'], exec)).toThrow(new UsageError('unknown option -x'));
    expect(() => parseFlags(['p', '-f'], exec)).toThrow(new UsageError('unknown option -f'));
  });
  it('usageProblem counts positional arguments', () => {
    expect(usageProblem(() => parseFlags(['a'], {}), 1)).toBeNull();
    expect(usageProblem(() => parseFlags(['a', 'b'], {}), 1)).toBe('unknown argument "b"');
    expect(usageProblem(() => parseFlags([], {}), 2)).toBe('give 2 arguments');
    expect(usageProblem(() => parseFlags(['-x'], {}), 0)).toBe('unknown option -x');
  });
});
