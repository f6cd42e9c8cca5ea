// `--wait`: waits until each container has run for a while or exited (bounded), so the final states mean something.
import type Docker from 'dockerode';

const POLL_MS = 150;

/** Resolves when every container has been running ≥ runMs or is not running (exited, dead, never started), or after timeoutMs. */
export async function waitSettled(docker: Docker, ids: string[], runMs = 1000, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0 && Date.now() < deadline) {
    await Promise.all(
      [...pending].map(async (id) => {
        try {
          const s = (await docker.getContainer(id).inspect()).State;
          const ranLongEnough = s.Running && Date.now() - Date.parse(s.StartedAt) >= runMs;
          if (ranLongEnough || (!s.Running && !s.Restarting)) pending.delete(id);
        } catch {
          pending.delete(id); // removed meanwhile: nothing to wait for
        }
      }),
    );
    if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
