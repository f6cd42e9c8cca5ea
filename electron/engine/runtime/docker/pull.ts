// Pulls an image through Docker, turning its per-layer progress into one fraction that never moves back.
import type Docker from 'dockerode';
import type { PullUpdate } from '../runtime';
import { toRuntimeError } from './errors';

interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

export async function pullImage(docker: Docker, image: string, onProgress?: (u: PullUpdate) => void): Promise<void> {
  const layers = new Map<string, { current: number; total: number }>();
  let shown = 0; // never let the bar go backwards when a later layer announces its size
  const report = (status: string): void => {
    let current = 0;
    let total = 0;
    for (const l of layers.values()) {
      current += l.current;
      total += l.total;
    }
    if (total > 0) shown = Math.max(shown, Math.min(1, current / total));
    onProgress?.({ status, fraction: total > 0 ? shown : null });
  };
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null, output: PullEvent[]) => {
          const failed = output?.find((o) => o.error);
          if (err) reject(err);
          else if (failed?.error) reject(new Error(failed.error));
          else resolve();
        },
        (ev: PullEvent) => {
          if (ev.error) return;
          // Bytes downloaded count; "Extracting" restarts its own counter, so it must not move the bar back.
          if (ev.id && ev.status === 'Downloading' && ev.progressDetail?.total) layers.set(ev.id, { current: ev.progressDetail.current ?? 0, total: ev.progressDetail.total });
          else if (ev.id && /complete|already exists|verifying/i.test(ev.status ?? '')) {
            const l = layers.get(ev.id);
            if (l) l.current = l.total;
          }
          report(ev.status ?? 'pulling');
        },
      );
    });
  } catch (err) {
    throw toRuntimeError(err);
  }
}
