// A container status built from partial knowledge (an event, a listing): what is not known takes the value of a
// container that never ran — no pid, no exit, no start, no command.
import type { ContainerStatus } from './runtime';

/** The status with these fields known, every other one empty. */
export function statusWith(known: Pick<ContainerStatus, 'id' | 'name' | 'image' | 'labels' | 'state' | 'createdAt'> & Partial<ContainerStatus>): ContainerStatus {
  return {
    pid: 0,
    exitCode: 0,
    oomKilled: false,
    error: '',
    startedAt: null,
    finishedAt: null,
    restartCount: 0,
    command: [],
    args: [],
    env: [],
    tty: false,
    workingDir: '',
    user: '',
    hostname: '',
    joined: { network: null, pid: null },
    ...known,
  };
}
