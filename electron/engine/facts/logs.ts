// Reads the tail of a container's log as lines (the runtime splits its streams), for the evidence of a failed bind.
import { failed } from '../conflicts/podports';
import type { ContainerStatus, Runtime } from '../runtime/runtime';

/** The last `tail` lines of stdout and stderr (interleaved as written); [] when the log cannot be read. */
export async function readLogTail(rt: Runtime, id: string, tail = 40): Promise<string[]> {
  try {
    return (await rt.logs.tail(id, tail)).map((l) => l.text).filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}

/** An exited container's log does not change: its tail is kept per container id + exit time (bounded). */
const TAILS_MAX = 200;

/** The log tails of a pod's failed app containers (the evidence of a failed bind), by container id. */
export async function gatherLogTails(rt: Runtime, apps: ContainerStatus[], tails: Map<string, Promise<string[]>>): Promise<Record<string, string[]>> {
  const failedOnes = apps.filter((c) => failed({ state: c.state, exitCode: c.state === 'exited' || c.state === 'dead' ? c.exitCode : null }));
  const read = await Promise.all(
    failedOnes.map(async (c) => {
      const key = `${c.id}/${c.finishedAt ?? ''}`;
      let tail = tails.get(key);
      if (!tail) {
        tail = readLogTail(rt, c.id, 40);
        tails.set(key, tail);
        if (tails.size > TAILS_MAX) tails.delete(tails.keys().next().value!);
      }
      return [c.id, await tail] as const;
    }),
  );
  return Object.fromEntries(read);
}
