// The pieces of a container's status read without an inspect (pods/listed.ts): the listing's health words, a
// process's parent and start from /proc/<pid>/stat, and which of a cgroup's processes is the container's main one.
import { describe, expect, it } from 'vitest';
import { healthOfStatus, mainProcess } from '../../electron/engine/pods/listed';
import { parseStat } from '../../electron/engine/probe/stat';

describe('listed status', () => {
  it('reads the health the listing appends to the status', () => {
    expect(healthOfStatus('Up 3 minutes (healthy)')).toBe('healthy');
    expect(healthOfStatus('Up 2 seconds (health: starting)')).toBe('starting');
    expect(healthOfStatus('Up About a minute (unhealthy)')).toBe('unhealthy');
    expect(healthOfStatus('Up 5 minutes')).toBeUndefined();
    expect(healthOfStatus('Up 5 minutes (Paused)')).toBeUndefined();
  });

  it('reads ppid and start time after the command name, whatever it holds', () => {
    const stat = '4242 (we (ird) name) S 4100 4242 4242 0 -1 4194560 120 0 0 0 1 2 0 0 20 0 1 0 987654 1234567 300 18446744073709551615';
    expect(parseStat(stat)).toEqual({ ppid: 4100, start: 987654 });
    expect(parseStat('')).toBeNull();
    expect(parseStat('12 (sh) S 1')).toBeNull();
  });

  it('takes the process whose parent is outside the cgroup, the earliest started of them', () => {
    // 10 is the main process (parent: the shim 5); 11 its child; 20 an exec started later, also a child of the shim.
    const procs = [
      { pid: 20, ppid: 5, start: 900 },
      { pid: 11, ppid: 10, start: 150 },
      { pid: 10, ppid: 5, start: 100 },
    ];
    expect(mainProcess(procs)).toEqual({ pid: 10, ppid: 5, start: 100 });
    expect(mainProcess([])).toBeNull();
  });
});
