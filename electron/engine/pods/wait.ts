// `--wait`: waits until each container has run for a while or exited (bounded), so the final states mean something.
import type { Runtime } from '../runtime/runtime';

const POLL_MS = 150;

/** Resolves when every container has been running ≥ runMs or is not running (exited, dead, never started), or after timeoutMs. */
export async function waitSettled(rt: Runtime, ids: string[], runMs = 1000, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0 && Date.now() < deadline) {
    await Promise.all(
      [...pending].map(async (id) => {
        const s = await rt.containers.status(id).catch(() => null);
        // Removed meanwhile: nothing to wait for.
        if (!s) return pending.delete(id);
        const ranLongEnough = s.state === 'running' && Date.now() - Date.parse(s.startedAt ?? '') >= runMs;
        if (ranLongEnough || (s.state !== 'running' && s.state !== 'restarting')) pending.delete(id);
      }),
    );
    if (pending.size > 0) await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
