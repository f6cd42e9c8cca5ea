// Pulls the images a pod needs when they are missing locally, reporting progress (bytes over all layers).
import type Docker from 'dockerode';
import type { PullProgress } from '../../../shared/api';
import { ImagePullError, engineErrorInfo } from './errors';

interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if (engineErrorInfo(err).status === 404) return false;
    throw err;
  }
}

/** Pulls one image, calling onPull as layers arrive; throws ImagePullError naming the image and the fix. */
export async function pullImage(docker: Docker, image: string, onPull?: (p: PullProgress) => void): Promise<void> {
  const layers = new Map<string, { current: number; total: number }>();
  let shown = 0; // never let the bar go backwards when a later layer announces its size
  const report = (status: string, done: boolean): void => {
    let current = 0;
    let total = 0;
    for (const l of layers.values()) {
      current += l.current;
      total += l.total;
    }
    if (total > 0) shown = Math.max(shown, Math.min(1, current / total));
    onPull?.({ image, fraction: done ? 1 : total > 0 ? shown : null, status, done });
  };
  report('pulling', false);
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
          report(ev.status ?? 'pulling', false);
        },
      );
    });
  } catch (err) {
    throw new ImagePullError(image, engineErrorInfo(err).message);
  }
  report('pulled', true);
}

/** The images (deduplicated) that are not present locally. */
export async function missingImages(docker: Docker, images: string[]): Promise<string[]> {
  const unique = [...new Set(images)];
  const present = await Promise.all(unique.map((i) => hasImage(docker, i)));
  return unique.filter((_, i) => !present[i]);
}

/** Pulls images one after another (progress stays readable). */
export async function pullImages(docker: Docker, images: string[], onPull?: (p: PullProgress) => void): Promise<void> {
  for (const image of images) await pullImage(docker, image, onPull);
}

/** Makes sure every image is present locally, pulling the missing ones. */
export async function ensureImages(docker: Docker, images: string[], onPull?: (p: PullProgress) => void): Promise<void> {
  await pullImages(docker, await missingImages(docker, images), onPull);
}
