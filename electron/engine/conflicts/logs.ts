// Reads the tail of a container's log as lines (the runtime splits its streams), for the evidence of a failed bind.
import type { Runtime } from '../runtime/runtime';

/** The last `tail` lines of stdout and stderr (interleaved as written); [] when the log cannot be read. */
export async function readLogTail(rt: Runtime, id: string, tail = 40): Promise<string[]> {
  try {
    return (await rt.logs.tail(id, tail)).map((l) => l.text).filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}
